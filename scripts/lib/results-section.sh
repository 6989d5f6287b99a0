# Sourced by the scripts that regenerate a section of docs/RESULTS.md.
# replace_section NAME BLOCK DOC [HEADING]: replaces the lines from `<!-- NAME:begin` to `<!-- NAME:end -->` of
# DOC with the file BLOCK (which carries both markers); when DOC has no such section, appends HEADING (if given,
# as a `## ` line) and BLOCK. DOC is rewritten through a temporary file and a rename.
replace_section() {
  local name=$1 block=$2 doc=$3 heading=${4:-} tmp
  tmp=$(mktemp "$doc.XXXXXX")
  if [[ -f $doc ]] && grep -q "<!-- $name:begin" "$doc"; then
    awk -v block="$block" -v begin="<!-- $name:begin" -v end="<!-- $name:end -->" '
      index($0, begin) == 1 { while ((getline line < block) > 0) print line; skip = 1; next }
      index($0, end) == 1 { skip = 0; next }
      !skip { print }
    ' "$doc" >"$tmp"
  else
    { [[ -f $doc ]] && cat "$doc"; echo; [[ -n $heading ]] && printf '## %s\n\n' "$heading"; cat "$block"; } >"$tmp"
  fi
  mv "$tmp" "$doc"
}
