// Replays a fuzz target's seed corpus and regression inputs once each, so
// that every build checks them in `make check`, with or without clang.
//
// Without arguments it reads tests/fuzz/corpus/<target>/ and
// tests/fuzz/regressions/<target>/ in the source tree; with arguments, the
// files or folders named.
#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz_support.hh"

bool fuzz::time_limits = false;

// A target that needs setup defines it, as libFuzzer expects.
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

namespace {

bool is_dir(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::vector<std::string> files_in(const std::string& dir) {
  std::vector<std::string> out;
  if (DIR* d = opendir(dir.c_str())) {
    while (const dirent* e = readdir(d)) {
      const std::string name = e->d_name;
      if (name != "." && name != ".." && name != "README.md") out.push_back(dir + "/" + name);
    }
    closedir(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize != nullptr) LLVMFuzzerInitialize(&argc, &argv);
  std::vector<std::string> roots(argv + 1, argv + argc);
  if (roots.empty()) {
    roots = {std::string(TEST_SRCDIR) + "/tests/fuzz/corpus/" FUZZ_TARGET,
             std::string(TEST_SRCDIR) + "/tests/fuzz/regressions/" FUZZ_TARGET};
  }
  std::size_t replayed = 0;
  for (const auto& root : roots) {
    const std::vector<std::string> files = is_dir(root) ? files_in(root) : std::vector<std::string>{root};
    for (const auto& file : files) {
      std::ifstream in(file, std::ios::binary);
      if (!in) {
        std::fprintf(stderr, "cannot read %s\n", file.c_str());
        return 1;
      }
      const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      std::printf("%s\n", file.c_str());
      std::fflush(stdout);  // the last name printed is the input that broke
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
      ++replayed;
    }
  }
  std::printf("%zu inputs replayed, every invariant held\n", replayed);
  // An empty corpus would make this test pass without checking anything.
  return replayed > 0 ? 0 : 1;
}
