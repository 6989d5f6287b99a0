// Kernels that keep channels apart: depthwise convolution (dense, vector MACs over 16 channels), max and
// average pools, global average pool, element-wise add and copy. Tiles are HWC INT8.
#pragma once
#include "bsc_common.h"

namespace bsc {

constexpr int LANES = 16;

// 16 (or fewer, zero-filled) consecutive channels of one pixel.
inline aie::vector<int8, LANES> load_channels(const int8_t* p, int n) {
  if (n >= LANES) return aie::load_v<LANES>(p);
  alignas(16) int8_t tmp[LANES] = {0};
  for (int i = 0; i < n; i++) tmp[i] = p[i];
  return aie::load_v<LANES>(tmp);
}

// Depthwise: each output channel convolves its own input channel; padding is already in the tile.
template <int KH, int KW, int SH, int SW, int DH, int DW>
void depthwise(const int8_t* __restrict in, int8_t* __restrict out, const uint8_t* __restrict chunk,
               const CallArgs& a) {
  const DepthwiseChunk c = depthwise_chunk(chunk);
  for (int oy = 0; oy < a.out_rows; oy++) {
    for (int ox = 0; ox < a.out_cols; ox++) {
      for (int c0 = 0; c0 < a.out_ch; c0 += LANES) {
        const int n = a.out_ch - c0 < LANES ? a.out_ch - c0 : LANES;
        aie::vector<int32, LANES> b;
        for (int i = 0; i < LANES; i++) b[i] = i < n ? c.bias[c0 + i] : 0;
        aie::accum<acc32, LANES> acc;
        acc.from_vector(b, 0);
        for (int ky = 0; ky < KH; ky++) {
          for (int kx = 0; kx < KW; kx++) {
            const int8_t* px = in + ((oy * SH + ky * DH) * a.in_cols + ox * SW + kx * DW) * a.in_ch + c0;
            acc = aie::mac(acc, load_channels(px, n), load_channels(c.values + (ky * KW + kx) * c.channels + c0, n));
          }
        }
        aie::vector<int32, LANES> v = acc.template to_vector<int32>(0);
        for (int i = 0; i < n; i++) {
          out[(oy * a.out_cols + ox) * a.out_ch + c0 + i] = requantize(v[i], c.shift[c0 + i], a);
        }
      }
    }
  }
}

// Max or average pool. Window positions in the kernel pads lie outside the tile: max ignores them, the
// average counts them only with count_include_pad (then they are zeros).
inline void pool(const int8_t* __restrict in, int8_t* __restrict out, const CallArgs& a, int KH, int KW, int SH,
                 int SW, bool MAX) {
  for (int oy = 0; oy < a.out_rows; oy++) {
    for (int ox = 0; ox < a.out_cols; ox++) {
      for (int ch = 0; ch < a.out_ch; ch++) {
        int best = -128;
        int64_t sum = 0;
        int count = 0;
        for (int ky = 0; ky < KH; ky++) {
          for (int kx = 0; kx < KW; kx++) {
            int y = oy * SH + ky - a.pad_top;
            int x = ox * SW + kx - a.pad_left;
            if (y < 0 || x < 0 || y >= a.in_rows || x >= a.in_cols) {
              count += a.count_include_pad;
              continue;
            }
            int v = in[(y * a.in_cols + x) * a.in_ch + ch];
            best = v > best ? v : best;
            sum += v;
            count++;
          }
        }
        int r = MAX ? best : saturate8(divide_round(sum, count, a.fix1 - a.fix0));
        out[(oy * a.out_cols + ox) * a.out_ch + ch] = int8_t(clamp(r, a.clamp_min, a.clamp_max));
      }
    }
  }
}

// Element-wise add of two INT8 tiles at fix positions fix0 and fix1 into fix2 (FixedPoint.add).
inline void add(const int8_t* __restrict x, const int8_t* __restrict y, int8_t* __restrict out, const CallArgs& a) {
  const int n = a.out_rows * a.out_cols * a.out_ch;
  const int fm = a.fix0 > a.fix1 ? a.fix0 : a.fix1;
  for (int i = 0; i < n; i++) {
    int64_t s = (int64_t(x[i]) << (fm - a.fix0)) + (int64_t(y[i]) << (fm - a.fix1));
    out[i] = int8_t(clamp(saturate8(shift_round(s, fm - a.fix2)), a.clamp_min, a.clamp_max));
  }
}

// Copy with a fix-position change (FixedPoint.rescale) and the activation clamp.
inline void copy(const int8_t* __restrict x, int8_t* __restrict out, const CallArgs& a) {
  const int n = a.out_rows * a.out_cols * a.out_ch;
  for (int i = 0; i < n; i++) {
    out[i] = int8_t(clamp(saturate8(shift_round(x[i], a.fix0 - a.fix1)), a.clamp_min, a.clamp_max));
  }
}

}  // namespace bsc
