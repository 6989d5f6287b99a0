#!/usr/bin/env bash
# Regenerates docs/RESULTS.md "Training" in place (between the training:begin/end markers): the paper's
# accuracy table in small (paper-facts.md section 2) on real Fashion-MNIST with fmnist_resnet:
#   dense; 8x8 blocks at 25/50/75% one-shot and incremental; 1x1 (unstructured) at the same ratios;
#   whole output channels at 50% (structured baseline); INT8 of the 50% 8x8 one-shot model.
# Every pruned row starts from the dense model and is fine-tuned with one recipe for the same number of epochs:
# M epochs at peak LR X (cosine to zero), on the labels as the paper does, or with --distill also on the soft
# targets of the dense model (Hinton et al. 2015; bsc train --distill). The defaults, 12 epochs from LR 0.05,
# retrain the pruned model with the dense run's own schedule (without its 100 warm-up steps): learning-rate
# rewinding (Renda, Frankle and Carbin 2020, "Comparing Rewinding and Fine-tuning in Neural Network Pruning",
# ICLR), which beat 4 and 8 epochs from LR 0.01 (docs/RESULTS.md "Training").
#   scripts/reproduce-training.sh [--epochs N] [--ft-epochs M] [--ft-lr X] [--distill] [--rows core|all] [--dir DIR]
#                                 [--table-only]
# Defaults: 12 dense epochs, 12 fine-tuning epochs, all rows (hours on 2 cores; `core` = dense, 8x8 50%
# one-shot and incremental, INT8). Runs are kept in DIR (default runs/training) and resumed: an interrupted
# script run loses at most one epoch of one row. --table-only trains nothing: it writes the table of the rows
# already trained in DIR (an interrupted reproduction, stated in the table's header line).
# A row is done when DIR holds its model (NAME.onnx) or its recorded test top-1 (NAME.top1, written the first
# time the row is evaluated, with NAME.seconds and NAME.machine). docs/training-runs is the record kept in git
# of the table in docs/RESULTS.md: the dense model and the 8x8 50% one-shot model (every other row starts from
# the first, the INT8 rows quantize the second) and every row's record, so a reproduction that takes longer
# than one machine's lifetime goes on where it stopped, from the same dense model. DIR/recipe holds the flags
# its rows were trained with; a run with other flags on the same DIR is refused.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
epochs=12 ft=12 rows=all dir="$root/runs/training" table_only=no ft_lr=0.05 distill=no
while [[ $# -gt 0 ]]; do
  case $1 in
    --epochs) epochs=$2; shift 2 ;;
    --ft-epochs) ft=$2; shift 2 ;;
    --rows) rows=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --ft-lr) ft_lr=$2; shift 2 ;;
    --distill) distill=yes; shift ;;
    --table-only) table_only=yes; shift ;;
    *) echo "usage: $0 [--epochs N] [--ft-epochs M] [--ft-lr X] [--distill] [--rows core|all] [--dir DIR] [--table-only]" >&2
      exit 2 ;;
  esac
done
mkdir -p "$dir"
recipe_line="epochs=$epochs ft-epochs=$ft ft-lr=$ft_lr distill=$distill"
if [[ -f $dir/recipe ]]; then
  [[ $(cat "$dir/recipe") == "$recipe_line" ]] || {
    echo "reproduce-training: error: $dir: trained with '$(cat "$dir/recipe")', not '$recipe_line'" >&2; exit 2; }
else
  echo "$recipe_line" >"$dir/recipe"
fi
bsc="$root/bsc"
doc="$root/docs/RESULTS.md"

# train NAME ARGS...: trains into DIR/NAME.onnx unless done, resuming an interrupted run.
train() {
  local name=$1; shift
  local out="$dir/$name.onnx"
  [[ -f $out || -f $dir/$name.top1 ]] && return 0
  [[ $table_only == yes ]] && return 1
  local resume=()
  [[ -f $out.ckpt ]] && resume=(--resume)
  local start=$SECONDS
  "$bsc" train "$@" --data fashion-mnist -q --json -o "$out" "${resume[@]}" >"$dir/$name.train.json" || return 3
  echo "$((SECONDS - start))" >"$dir/$name.seconds"
  echo "$(date -u +%Y-%m-%d), $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores" >"$dir/$name.machine"
}

# top1 NAME [--int8 [--per-channel]]: test-set top-1 (percent, two decimals) of DIR/NAME.onnx, recorded in
# DIR/NAME[.int8[.per-channel]].top1 the first time.
top1() {
  local name=$1; shift
  local key=$name flag
  for flag in "$@"; do key+=".${flag#--}"; done
  local rec="$dir/$key.top1"
  if [[ ! -f $rec ]]; then
    "$bsc" eval "$dir/$name.onnx" --data fashion-mnist --json "$@" 2>/dev/null \
      | python3 -c 'import json,sys; print("%.2f" % (100 * json.load(sys.stdin)["top1"]))' >"$rec.tmp" \
      || { rm -f "$rec.tmp"; echo "reproduce-training: error: $dir/$name.onnx: bsc eval $* failed" >&2; exit 1; }
    mv "$rec.tmp" "$rec"
  fi
  cat "$rec"
}

train dense fmnist_resnet --epochs "$epochs" || { echo "no dense model in $dir (or its training failed)" >&2; exit 2; }
table=("| model | block | sparsity | schedule | fine-tune epochs | top-1 (%) | vs dense (points) |"
  "|---|---|---:|---|---:|---:|---:|")
dense=$(top1 dense)
table+=("| fmnist_resnet dense | - | 0 | - | $epochs (from scratch) | $dense | 0 |")
row() { # row NAME BLOCK SPARSITY SCHEDULE
  local name=$1 block=$2 s=$3 sched=$4
  local rc=0
  local recipe=(--epochs "$ft" --lr "$ft_lr")
  [[ $distill == yes ]] && recipe+=(--distill)
  train "$name" "$dir/dense.onnx" "${recipe[@]}" --block "$block" --sparsity "$s" --schedule "$sched" || rc=$?
  [[ $rc == 1 ]] && return 0 # --table-only, not trained yet
  [[ $rc != 0 ]] && { echo "training $name failed" >&2; exit 1; }
  local t
  t=$(top1 "$name")
  table+=("| $name | $block | $s | $sched | $ft | $t | $(python3 -c "print('%+.2f' % ($t - $dense))") |")
}
row b8_50_oneshot 8x8 0.5 oneshot
row b8_50_incremental 8x8 0.5 incremental
if [[ $rows == all ]]; then
  for s in 25 75; do
    row "b8_${s}_oneshot" 8x8 "0.$s" oneshot
    row "b8_${s}_incremental" 8x8 "0.$s" incremental
  done
  for s in 25 50 75; do # (0.5 was named b1_5_oneshot before)
    row "b1_${s}_oneshot" 1x1 "0.$s" oneshot
  done
  row ch_50_oneshot channel 0.5 oneshot
fi
if [[ -f $dir/b8_50_oneshot.onnx || -f $dir/b8_50_oneshot.int8.per-channel.top1 ]]; then
  fp=$(top1 b8_50_oneshot)
  # INT8 with power-of-two scales, calibrated on 256 training images; weights per tensor (bsc quantize's
  # default) and per output channel (folded BatchNorm scales differ widely between channels).
  for w in per-tensor per-channel; do
    flags=(--int8)
    [[ $w == per-channel ]] && flags+=(--per-channel)
    int8=$(top1 b8_50_oneshot "${flags[@]}")
    table+=("| b8_50_oneshot INT8, $w weights | 8x8 | 0.5 | oneshot | $ft | $int8 | $(python3 -c "print('%+.2f' % ($int8 - $dense))") (vs its FP32: $(python3 -c "print('%+.2f' % ($int8 - $fp))")) |")
  done
fi

{
  partial=""
  [[ $table_only == yes ]] && partial=" --table-only: only the rows trained so far"
  flags="--epochs $epochs --ft-epochs $ft --ft-lr $ft_lr --rows $rows"
  recipe="the labels only"
  [[ $distill == yes ]] && { flags+=" --distill"; recipe="the labels and the dense model's soft targets (alpha 0.9, T 4)"; }
  echo "<!-- training:begin (generated by scripts/reproduce-training.sh $flags$partial on $(date +%Y-%m-%d); do not edit) -->"
  echo
  echo "Fine-tuning of every pruned row: $ft epochs, peak LR $ft_lr cosine to zero, loss on $recipe."
  echo
  printf '%s\n' "${table[@]}"
  echo
  echo "Seconds per run: $(for f in "$dir"/*.seconds; do
    n=$(basename "$f" .seconds)
    printf '%s %s' "$n" "$(cat "$f")"
    [[ -f $dir/$n.machine ]] && printf ' (%s)' "$(cat "$dir/$n.machine")"
    printf '; '
  done)"
  echo "<!-- training:end -->"
} >"$dir/block.md"
# shellcheck source=../scripts/lib/results-section.sh
source "$root/scripts/lib/results-section.sh"
replace_section training "$dir/block.md" "$doc" Training
echo "updated $doc" >&2
