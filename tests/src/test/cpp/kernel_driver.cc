// Runs emitted bsc kernels on recorded kernel calls (EmittedKernelTest). Included at the end of a generated
// translation unit that first includes every kernels/*.cc and defines BSC_KERNEL_TABLE as K(name) entries.
//
//   driver CASES OUT
// CASES (little-endian): i32 count, then per call: i32 name length, name bytes, i32 x 18 CallArgs fields,
// i32 + bytes input tile, i32 + bytes second input tile, i32 + bytes weight chunk, i32 + bytes initial output
// slot (INT32 partial sums for accumulating calls), i32 output bytes to return.
// OUT: per call, the first "output bytes" of its output slot after the call.
// Buffers are 64-byte aligned with 256 bytes of slack, as in a core's data memory, where a kernel may read
// past a tile without faulting.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

using KernelFn = void (*)(const int8_t*, const int8_t*, void*, const uint8_t*, int32_t*, const bsc::CallArgs*);

struct Named {
  const char* name;
  KernelFn fn;
};

#define K(name) {#name, name},
const Named kKernels[] = {BSC_KERNEL_TABLE};
#undef K

// Scratch: the core.scratch buffer of the paper's core split (docs/PROGRAM.md section 2), rounded up.
constexpr size_t kScratchBytes = 16384;
constexpr size_t kSlack = 256;

int32_t read_i32(FILE* f) {
  unsigned char b[4];
  if (std::fread(b, 1, 4, f) != 4) {
    std::fprintf(stderr, "driver: truncated cases file\n");
    std::exit(3);
  }
  return int32_t(uint32_t(b[0]) | uint32_t(b[1]) << 8 | uint32_t(b[2]) << 16 | uint32_t(b[3]) << 24);
}

struct Aligned {
  explicit Aligned(size_t n) : bytes(n), p(static_cast<uint8_t*>(std::aligned_alloc(64, (n + kSlack + 63) / 64 * 64))) {
    std::memset(p, 0, (n + kSlack + 63) / 64 * 64);
  }
  ~Aligned() { std::free(p); }
  Aligned(const Aligned&) = delete;
  Aligned& operator=(const Aligned&) = delete;
  size_t bytes;
  uint8_t* p;
};

void read_blob(FILE* f, Aligned& into) {
  if (into.bytes > 0 && std::fread(into.p, 1, into.bytes, f) != into.bytes) {
    std::fprintf(stderr, "driver: truncated blob\n");
    std::exit(3);
  }
}

KernelFn lookup(const std::string& name) {
  for (const Named& k : kKernels) {
    if (name == k.name) return k.fn;
  }
  std::fprintf(stderr, "driver: no kernel %s\n", name.c_str());
  std::exit(3);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: driver CASES OUT\n");
    return 2;
  }
  FILE* in = std::fopen(argv[1], "rb");
  FILE* out = std::fopen(argv[2], "wb");
  if (in == nullptr || out == nullptr) {
    std::fprintf(stderr, "driver: cannot open files\n");
    return 3;
  }
  const int32_t count = read_i32(in);
  for (int32_t c = 0; c < count; c++) {
    std::string name(size_t(read_i32(in)), '\0');
    if (!name.empty() && std::fread(&name[0], 1, name.size(), in) != name.size()) return 3;
    int32_t f[18];
    for (int32_t& v : f) v = read_i32(in);
    bsc::CallArgs a{};
    a.out_rows = f[0], a.out_cols = f[1], a.out_ch = f[2];
    a.in_rows = f[3], a.in_cols = f[4], a.in_ch = f[5];
    a.pad_top = f[6], a.pad_left = f[7], a.pad_bottom = f[8], a.pad_right = f[9];
    a.count_include_pad = f[10], a.accumulate = f[11], a.requantize = f[12];
    a.clamp_min = f[13], a.clamp_max = f[14];
    a.fix0 = f[15], a.fix1 = f[16], a.fix2 = f[17];
    Aligned x(size_t(read_i32(in)));
    read_blob(in, x);
    Aligned x2(size_t(read_i32(in)));
    read_blob(in, x2);
    Aligned w(size_t(read_i32(in)));
    read_blob(in, w);
    Aligned o(size_t(read_i32(in)));
    read_blob(in, o);
    const size_t keep = size_t(read_i32(in));
    Aligned scratch(kScratchBytes);
    lookup(name)(reinterpret_cast<const int8_t*>(x.p), reinterpret_cast<const int8_t*>(x2.p), o.p, w.p,
                 reinterpret_cast<int32_t*>(scratch.p), &a);
    if (std::fwrite(o.p, 1, keep, out) != keep) return 3;
  }
  std::fclose(in);
  return std::fclose(out) == 0 ? 0 : 3;
}
