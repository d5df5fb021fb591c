// Throughput of segmentation plus all machine annotators over a JSONL corpus, streamed line by line, with
// peak memory at checkpoints to show it stays flat. Command and figures: docs/benchmarks.md.
//
//   machine_throughput_bench CORPUS.jsonl [--rubrics DIR] [--limit-mb N]   (run from the repository root)
#include <sys/resource.h>
#include <time.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include "credence/annotate/ingest.hpp"
#include "credence/annotate/machine_annotator.hpp"
#include "credence/annotate/rubric.hpp"
#include "credence/annotate/text.hpp"

namespace ann = credence::annotate;
using clock_type = std::chrono::steady_clock;

namespace {

// CPU time of this thread: the machine running the benchmark may be shared, and the target is per core.
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// FNV-1a over everything segmentation and the annotators produce: a change that should only make
// them faster must leave both digests as they were (compare runs over the same --limit-mb).
struct Digest {
  std::uint64_t h = 1469598103934665603ull;
  void add(const void* data, std::size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
  }
  void add(std::string_view s) {
    add(s.data(), s.size());
    add_number(s.size());
  }
  void add_number(std::uint64_t v) { add(&v, sizeof v); }
};

long peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;  // Linux reports KiB
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: machine_throughput_bench CORPUS.jsonl [--rubrics DIR] [--limit-mb N]\n";
    return 2;
  }
  std::string corpus = argv[1];
  // Run from the repository root, or pass --rubrics (or set CREDENCE_RUBRICS).
  const char* env = std::getenv("CREDENCE_RUBRICS");
  std::string rubric_dir = env != nullptr && *env != '\0' ? env : "rubrics";
  double limit_mb = 0;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string opt = argv[i];
    if (opt == "--rubrics") rubric_dir = argv[i + 1];
    if (opt == "--limit-mb") limit_mb = std::stod(argv[i + 1]);
  }
  std::vector<ann::Rubric> rubrics;
  for (const char* id : {"loaded_language", "unsupported_claims", "framing"}) {
    auto r = ann::load_rubric_file(rubric_dir + "/" + id + ".json");
    if (!r.rubric) {
      for (const auto& d : r.diagnostics) std::cerr << d.render() << "\n";
      return 2;
    }
    rubrics.push_back(std::move(*r.rubric));
  }
  auto setup = ann::load_machine_annotators(rubrics, rubric_dir);
  for (const auto& d : setup.diagnostics) std::cerr << d.render() << "\n";
  if (ann::has_errors(setup.diagnostics)) return 2;
  std::vector<const ann::MachineAnnotator*> annotators;
  for (const auto& a : setup.annotators) annotators.push_back(a.get());

  std::ifstream in(corpus, std::ios::binary);
  if (!in) {
    std::cerr << corpus << ": cannot read\n";
    return 3;
  }
  in.seekg(0, std::ios::end);
  const auto file_size = static_cast<double>(in.tellg());
  in.seekg(0);
  const double target = limit_mb > 0 ? std::min(file_size, limit_mb * 1e6) : file_size;

  Digest segmentation_digest, label_digest;
  std::string line;
  double text_bytes = 0, file_bytes = 0;
  std::size_t articles = 0, labels = 0, rejected = 0;
  double seconds_parse = 0, seconds_segment = 0, seconds_annotate = 0, seconds_hash = 0;
  double next_checkpoint = 0.1;
  const auto t_start = clock_type::now();
  std::cout << "corpus " << corpus << " (" << file_size / 1e6 << " MB), " << annotators.size() << " annotators\n";
  std::cout << "progress  file_MB  text_MB  peak_RSS_MB\n";
  while (std::getline(in, line)) {
    file_bytes += static_cast<double>(line.size() + 1);
    const double t0 = cpu_seconds();
    boost::system::error_code ec;
    auto value = boost::json::parse(line, ec);
    if (ec || !value.is_object() || !value.as_object().contains("text") || !value.at("text").is_string()) {
      ++rejected;
      continue;
    }
    const auto& text = value.at("text").as_string();
    const double t1 = cpu_seconds();
    ann::Article article;
    std::vector<ann::Diagnostic> diagnostics;
    ann::ArticleMeta meta;
    // As pre-annotate --file reads articles: no content hash (only a study import needs it; timed apart).
    if (!ann::article_from_text(std::string_view(text.data(), text.size()), ann::InputFormat::text, meta, corpus, article,
                                diagnostics, /*content_hash=*/false)) {
      ++rejected;
      continue;
    }
    const double t2 = cpu_seconds();
    const auto found = ann::machine_annotate(annotators, article, false);
    const double t3 = cpu_seconds();
    (void)ann::sha256_hex(article.text);  // timed only: the text is what the digest already covers
    seconds_hash += cpu_seconds() - t3;
    labels += found.size();
    for (const auto& p : article.passages) {
      segmentation_digest.add_number(p.start);
      segmentation_digest.add_number(p.end);
      segmentation_digest.add_number(static_cast<std::uint64_t>(p.role));
      segmentation_digest.add(&p.body_score, sizeof p.body_score);
      for (const auto& s : p.sentences) {
        segmentation_digest.add_number(s.start);
        segmentation_digest.add_number(s.end);
      }
    }
    for (const auto& l : found) {
      label_digest.add(l.dimension);
      label_digest.add_number(l.start);
      label_digest.add_number(l.end);
      label_digest.add(l.category);
      label_digest.add(l.rule);
      label_digest.add(l.entry);
      label_digest.add(l.evidence);
      label_digest.add_number(static_cast<std::uint64_t>(l.confidence * 1e9));
    }
    seconds_parse += t1 - t0;
    seconds_segment += t2 - t1;
    seconds_annotate += t3 - t2;
    text_bytes += static_cast<double>(text.size());
    ++articles;
    if (file_bytes >= next_checkpoint * target) {
      std::printf("%7.0f%%  %7.1f  %7.1f  %11ld\n", 100.0 * file_bytes / target, file_bytes / 1e6, text_bytes / 1e6,
                  peak_rss_mb());
      std::fflush(stdout);
      next_checkpoint += 0.1;
    }
    if (limit_mb > 0 && file_bytes >= limit_mb * 1e6) break;
  }
  const double wall = std::chrono::duration<double>(clock_type::now() - t_start).count();
  const double mb = text_bytes / 1e6;
  std::printf("articles %zu, rejected %zu, labels %zu, article text %.1f MB\n", articles, rejected, labels, mb);
  std::printf("digests: segmentation %016llx, labels %016llx\n",
              static_cast<unsigned long long>(segmentation_digest.h), static_cast<unsigned long long>(label_digest.h));
  std::printf("CPU time of the one thread, per phase:\n");
  std::printf("JSON parsing              %7.2f s  %8.1f MB/s\n", seconds_parse, mb / seconds_parse);
  std::printf("segmentation (+roles)     %7.2f s  %8.1f MB/s\n", seconds_segment, mb / seconds_segment);
  std::printf("machine annotators        %7.2f s  %8.1f MB/s\n", seconds_annotate, mb / seconds_annotate);
  std::printf("segmentation + annotators %7.2f s  %8.1f MB/s\n", seconds_segment + seconds_annotate,
              mb / (seconds_segment + seconds_annotate));
  std::printf("content hash (SHA-256; study imports only) %7.2f s  %8.1f MB/s\n", seconds_hash, mb / seconds_hash);
  std::printf("segmentation + annotators + hash %7.2f s  %8.1f MB/s\n", seconds_segment + seconds_annotate + seconds_hash,
              mb / (seconds_segment + seconds_annotate + seconds_hash));
  std::printf("whole run: CPU %.2f s (%.1f MB/s), wall clock %.2f s (%.1f MB/s), peak RSS %ld MB\n", cpu_seconds(),
              mb / cpu_seconds(), wall, mb / wall, peak_rss_mb());
  return 0;
}
