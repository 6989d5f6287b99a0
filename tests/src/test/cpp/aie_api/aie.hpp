// Host emulation of the subset of the AIE API (AMD aie_api, AIE-ML/AIE2) that bsc's emitted kernels use, so
// EmittedKernelTest can compile them with g++ and run them on real sub-volumes. Only what the kernels call is
// here, with the semantics of the AIE API documentation:
//   aie::vector<T, N>            N lanes of T; element access; aie::load_v, aie::zeros, aie::concat
//   aie::accum<acc32, N>         N lanes of 32-bit accumulators; from_vector and to_vector with
//                                shift-round-saturate (SRS)
//   aie::mmul<4, 8, 8, int8, int8>  C[4x8] += A[4x8] * B[8x8], operands row-major (A: M x K, B: K x N)
//   aie::mac(acc, a, b)          lane-wise acc += a * b
// SRS rounds to nearest with ties to even (the AIE2 rounding mode conv_even, which bsc's INT8 arithmetic
// fixes in bsc.sparsify.quant.FixedPoint) and saturates to the destination type.
// Accumulator lanes are held in 64 bits and saturated to 32 bits on output: the kernels keep |acc| < 2^31
// by construction (QuantizedLayer), where 32-bit hardware lanes agree with this.
#pragma once
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

using int8 = int8_t;
using int16 = int16_t;
using int32 = int32_t;
struct acc32 {};  // accumulator tag: 32-bit lanes

namespace aie {

template <typename T, unsigned N>
class vector {
 public:
  vector() { std::memset(v_, 0, sizeof(v_)); }
  T& operator[](unsigned i) { return v_[i]; }
  T operator[](unsigned i) const { return v_[i]; }
  T get(unsigned i) const { return v_[i]; }
  void set(T x, unsigned i) { v_[i] = x; }
  static constexpr unsigned size() { return N; }

 private:
  T v_[N];
};

template <unsigned N, typename T>
vector<T, N> load_v(const T* p) {
  vector<T, N> r;
  for (unsigned i = 0; i < N; i++) r[i] = p[i];
  return r;
}

template <typename T, unsigned N>
vector<T, N> zeros() {
  return vector<T, N>();
}

template <typename T, unsigned N, typename... Rest>
vector<T, N * (1 + sizeof...(Rest))> concat(const vector<T, N>& first, const Rest&... rest) {
  vector<T, N * (1 + sizeof...(Rest))> r;
  const vector<T, N>* parts[] = {&first, &rest...};
  for (unsigned p = 0; p < 1 + sizeof...(Rest); p++) {
    for (unsigned i = 0; i < N; i++) r[p * N + i] = (*parts[p])[i];
  }
  return r;
}

namespace detail {
// v * 2^-s, nearest with ties to even (s > 0); exact left shift for s <= 0.
inline int64_t srs_round(int64_t v, int s) {
  if (s <= 0) return v * (int64_t(1) << (-s));
  if (s >= 63) return 0;
  return (v + (int64_t(1) << (s - 1)) - 1 + ((v >> s) & 1)) >> s;
}

template <typename T>
T saturate(int64_t v) {
  const int64_t lo = std::numeric_limits<T>::min();
  const int64_t hi = std::numeric_limits<T>::max();
  return T(v < lo ? lo : v > hi ? hi : v);
}
}  // namespace detail

template <typename Tag, unsigned N>
class accum {
  static_assert(std::is_same<Tag, acc32>::value, "only acc32 is emulated");

 public:
  accum() { std::memset(v_, 0, sizeof(v_)); }

  // Lanes from a vector, shifted left by `shift` (the AIE API's UPS).
  template <typename T>
  void from_vector(const vector<T, N>& x, int shift = 0) {
    for (unsigned i = 0; i < N; i++) v_[i] = detail::srs_round(x[i], -shift);
  }

  // Lanes shifted right by `shift`, rounded (conv_even) and saturated to T (the AIE API's SRS).
  template <typename T>
  vector<T, N> to_vector(int shift = 0) const {
    vector<T, N> r;
    for (unsigned i = 0; i < N; i++) r[i] = detail::saturate<T>(detail::srs_round(v_[i], shift));
    return r;
  }

  int64_t lane(unsigned i) const { return v_[i]; }
  void add_lane(unsigned i, int64_t x) { v_[i] += x; }

 private:
  int64_t v_[N];
};

template <typename Tag, unsigned N, typename TA, typename TB>
accum<Tag, N> mac(accum<Tag, N> acc, const vector<TA, N>& a, const vector<TB, N>& b) {
  for (unsigned i = 0; i < N; i++) acc.add_lane(i, int64_t(a[i]) * int64_t(b[i]));
  return acc;
}

// Matrix multiply-accumulate C[M x N] += A[M x K] * B[K x N] on 32-bit accumulators.
template <unsigned M, unsigned K, unsigned N, typename TA, typename TB>
class mmul {
 public:
  using accum_type = accum<acc32, M * N>;

  mmul() = default;
  explicit mmul(const accum_type& c) : c_(c) {}

  void mac(const vector<TA, M * K>& a, const vector<TB, K * N>& b) {
    for (unsigned m = 0; m < M; m++) {
      for (unsigned n = 0; n < N; n++) {
        int64_t s = 0;
        for (unsigned k = 0; k < K; k++) s += int64_t(a[m * K + k]) * int64_t(b[k * N + n]);
        c_.add_lane(m * N + n, s);
      }
    }
  }

  void mul(const vector<TA, M * K>& a, const vector<TB, K * N>& b) {
    c_ = accum_type();
    mac(a, b);
  }

  const accum_type& to_accum() const { return c_; }

  template <typename T>
  vector<T, M * N> to_vector(int shift = 0) const {
    return c_.template to_vector<T>(shift);
  }

 private:
  accum_type c_;
};

}  // namespace aie
