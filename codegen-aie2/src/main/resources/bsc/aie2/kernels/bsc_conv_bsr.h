// CONV_BSR: a convolution (or a fully connected layer seen as one) over compacted 8x8 weight blocks.
// For each block row of the chunk (8 output channels) the kernel walks only the block columns listed
// for that row, so zero blocks cost no cycles (paper-facts.md 1 and 4.4). The inner product is
// aie::mmul<4, 8, 8> on INT8 (4 output pixels x 8 input channels x 8 output channels, 256 MACs) with
// 2x2 register blocking: two output rows x two groups of four pixels share every weight block load, so
// one B load (512 bits) serves four MACs and the loads keep up with one mmul per cycle (aie2-facts.md 1).
#pragma once
#include "bsc_common.h"

namespace bsc {

using ConvMmul = aie::mmul<4, 8, 8, int8, int8>;

// The A operand: 4 consecutive output pixels of one output row, 8 input channels each, at one kernel tap.
template <int SH, int SW, int DH, int DW>
inline aie::vector<int8, 32> conv_a(const int8_t* in, int oy, int ox, int ky, int kx, int ch0, const CallArgs& a) {
  aie::vector<int8, 8> p[4];
  for (int m = 0; m < 4; m++) {
    int x = ox + m;
    if (oy < a.out_rows && x < a.out_cols) {
      p[m] = aie::load_v<8>(in + ((oy * SH + ky * DH) * a.in_cols + x * SW + kx * DW) * a.in_ch + ch0);
    } else {
      p[m] = aie::zeros<int8, 8>();
    }
  }
  return aie::concat(p[0], p[1], p[2], p[3]);
}

// The accumulator's start: the block row's biases, or the INT32 partial sums of earlier input channels.
inline ConvMmul conv_init(const ConvChunk& c, int r, int co, const int32_t* psum, int oy, int ox, const CallArgs& a) {
  aie::vector<int32, 32> v;
  for (int m = 0; m < 4; m++) {
    for (int n = 0; n < 8; n++) {
      int x = ox + m;
      bool valid = oy < a.out_rows && x < a.out_cols && co + n < a.out_ch;
      int32_t s = 0;
      if (a.accumulate) {
        s = valid ? psum[(oy * a.out_cols + x) * a.out_ch + co + n] : 0;
      } else if (c.has_bias) {
        s = c.bias[r * 8 + n];
      }
      v[m * 8 + n] = s;
    }
  }
  aie::accum<acc32, 32> acc;
  acc.from_vector(v, 0);
  return ConvMmul(acc);
}

inline void conv_store(const ConvMmul& m, const ConvChunk& c, int r, int co, void* out, int oy, int ox,
                       const CallArgs& a) {
  aie::vector<int32, 32> v = m.to_accum().template to_vector<int32>(0);
  for (int i = 0; i < 4; i++) {
    int x = ox + i;
    if (oy >= a.out_rows || x >= a.out_cols) continue;
    for (int n = 0; n < 8 && co + n < a.out_ch; n++) {
      int at = (oy * a.out_cols + x) * a.out_ch + co + n;
      if (a.requantize) {
        static_cast<int8_t*>(out)[at] = requantize(v[i * 8 + n], c.shift[r * 8 + n], a);
      } else {
        static_cast<int32_t*>(out)[at] = v[i * 8 + n];
      }
    }
  }
}

// in: in_rows x in_cols x in_ch INT8 (padding already zero); out: out_rows x out_cols x out_ch INT8, or
// INT32 partial sums; scratch: room for the partial sums when they are read and requantized in place.
template <int KH, int KW, int SH, int SW, int DH, int DW>
void conv_bsr(const int8_t* __restrict in, void* __restrict out, const uint8_t* __restrict chunk,
              int32_t* __restrict scratch, const CallArgs& a) {
  const ConvChunk c = conv_chunk(chunk);
  const int32_t* psum = static_cast<const int32_t*>(out);
  if (a.accumulate && a.requantize) {  // INT8 results would overwrite partial sums still to be read
    const int n = a.out_rows * a.out_cols * a.out_ch;
    for (int i = 0; i < n; i++) scratch[i] = psum[i];
    psum = scratch;
  }
  const int8_t* w = c.values;
  const uint8_t* cols = c.cols;
  for (int r = 0; r < c.rows; r++) {
    const int co = u16(c.row_entries + 4 * r);
    const int nb = u16(c.row_entries + 4 * r + 2);
    for (int oy = 0; oy < a.out_rows; oy += 2) {
      for (int ox = 0; ox < a.out_cols; ox += 8) {
        ConvMmul acc[2][2] = {{conv_init(c, r, co, psum, oy, ox, a), conv_init(c, r, co, psum, oy, ox + 4, a)},
                              {conv_init(c, r, co, psum, oy + 1, ox, a), conv_init(c, r, co, psum, oy + 1, ox + 4, a)}};
        for (int b = 0; b < nb; b++) {               // only the nonzero blocks of this block row
          const int ch0 = u16(cols + 2 * b) * 8;
          for (int ky = 0; ky < KH; ky++) {
            for (int kx = 0; kx < KW; kx++) {
              aie::vector<int8, 64> wb = aie::load_v<64>(w + (b * KH * KW + ky * KW + kx) * 64);
              for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                  acc[i][j].mac(conv_a<SH, SW, DH, DW>(in, oy + i, ox + 4 * j, ky, kx, ch0, a), wb);
                }
              }
            }
          }
        }
        for (int i = 0; i < 2; i++) {
          for (int j = 0; j < 2; j++) {
            conv_store(acc[i][j], c, r, co, out, oy + i, ox + 4 * j, a);
          }
        }
      }
    }
    w += nb * KH * KW * 64;
    cols += 2 * nb;
  }
}

}  // namespace bsc
