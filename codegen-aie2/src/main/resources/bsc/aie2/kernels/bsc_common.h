// bsc AIE2 kernels: shared definitions (docs/PROGRAM.md sections 6 and 7).
// The integer arithmetic is bsc's INT8 contract (bsc.sparsify.quant.FixedPoint): round to nearest,
// ties to even, then saturate; the INT8 reference executor computes the same bits.
#pragma once
#include <aie_api/aie.hpp>
#include <cstdint>

namespace bsc {

// One kernel call's arguments (KernelCall in program.json).
struct CallArgs {
  int out_rows, out_cols, out_ch;
  int in_rows, in_cols, in_ch;
  int pad_top, pad_left, pad_bottom, pad_right;  // pads the kernel handles itself (pools)
  int count_include_pad;
  int accumulate;   // start from the INT32 partial sums in the output tile instead of the bias
  int requantize;   // write INT8 (shift, activation clamp) instead of INT32 partial sums
  int clamp_min, clamp_max;
  int fix0, fix1, fix2;  // fix positions for kernels without a weight chunk (add: a, b, y; pools: in, out)
};

inline int64_t shift_round(int64_t v, int s) {
  if (s > 0) {
    if (s >= 63) return 0;
    return (v + (int64_t(1) << (s - 1)) - 1 + ((v >> s) & 1)) >> s;
  }
  return v << (-s);
}

inline int saturate8(int64_t v) { return v < -128 ? -128 : v > 127 ? 127 : int(v); }

inline int clamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

inline int8_t requantize(int64_t acc, int shift, const CallArgs& a) {
  return int8_t(clamp(saturate8(shift_round(acc, shift)), a.clamp_min, a.clamp_max));
}

// num * 2^e / den, nearest, ties to even (FixedPoint.divideRound).
inline int64_t divide_round(int64_t num, int64_t den, int e) {
  int64_t n = e >= 0 ? shift_round(num, -e) : num;
  int64_t d = e >= 0 ? den : den << (-e);
  int64_t q = n / d;
  if ((n % d != 0) && ((n < 0) != (d < 0))) q -= 1;  // floor division
  int64_t r2 = 2 * (n - q * d);
  return (r2 > d || (r2 == d && (q & 1) != 0)) ? q + 1 : q;
}

inline uint16_t u16(const uint8_t* p) { return uint16_t(p[0] | (p[1] << 8)); }

inline int align(int v, int a) { return (v + a - 1) / a * a; }

// A CONV_BSR weight chunk: per block row its output-channel offset and block count, the block columns,
// biases and shifts, then [block][tap][k = input channel][n = output channel] INT8 values (the B operand
// of aie::mmul<4, 8, 8>, K x N row-major).
struct ConvChunk {
  int rows, blocks, taps, has_bias;
  const uint8_t* row_entries;
  const uint8_t* cols;
  const int32_t* bias;
  const int8_t* shift;
  const int8_t* values;
};

inline ConvChunk conv_chunk(const uint8_t* p) {
  ConvChunk c;
  c.rows = u16(p);
  c.blocks = u16(p + 2);
  c.taps = u16(p + 4);
  c.has_bias = u16(p + 6) & 1;
  c.row_entries = p + 8;
  c.cols = p + 8 + 4 * c.rows;
  int bias_off = align(8 + 4 * c.rows + 2 * c.blocks, 4);
  c.bias = reinterpret_cast<const int32_t*>(p + bias_off);
  c.shift = reinterpret_cast<const int8_t*>(p + bias_off + 32 * c.rows);
  c.values = reinterpret_cast<const int8_t*>(p + align(bias_off + 40 * c.rows, 16));
  return c;
}

// A DEPTHWISE weight chunk: biases, shifts, then [tap][channel] INT8 values.
struct DepthwiseChunk {
  int channels, taps;
  const int32_t* bias;
  const int8_t* shift;
  const int8_t* values;
};

inline DepthwiseChunk depthwise_chunk(const uint8_t* p) {
  DepthwiseChunk c;
  c.channels = u16(p);
  c.taps = u16(p + 2);
  c.bias = reinterpret_cast<const int32_t*>(p + 8);
  c.shift = reinterpret_cast<const int8_t*>(p + 8 + 4 * c.channels);
  c.values = reinterpret_cast<const int8_t*>(p + align(8 + 5 * c.channels, 16));
  return c;
}

}  // namespace bsc
