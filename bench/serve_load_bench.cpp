// Load benchmark of the workspace API: N concurrent annotators (keep-alive connections) saving span
// labels for a fixed time; reports saves/s and latency percentiles, then checks that every
// acknowledged save is in the store. Usage: serve_load_bench [--clients 64] [--seconds 10] [--rate R]
// Without --rate every client saves as fast as it can (closed loop: the maximum throughput, where the
// mean latency is clients / throughput by Little's law). With --rate R the clients together offer R
// saves/s on a fixed schedule (open loop), and latency is measured from each save's scheduled time, so
// a stalled server cannot hide its backlog (no coordinated omission).
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <unistd.h>
#include <iostream>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "credence/annotate/assignment.hpp"
#include "credence/annotate/assignment_store.hpp"
#include "credence/annotate/ingest.hpp"
#include "credence/annotate/rubric.hpp"
#include "credence/annotate/store.hpp"
#include "credence/server/server.hpp"

namespace fs = std::filesystem;
namespace ann = credence::annotate;
namespace http = boost::beast::http;
using Clock = std::chrono::steady_clock;

namespace {

struct Target {
  std::int64_t document = 0;
  std::int64_t start = 0;  // body passage, code points
  std::int64_t end = 0;
};

struct ClientResult {
  std::vector<double> latencies_ms;
  std::vector<std::int64_t> acknowledged;
  std::size_t conflicts = 0;
  std::size_t errors = 0;
  std::string first_error;
};

// Builds a study with the shipped rubrics, COPIES copies of each sample article, CLIENTS annotators
// with overlap 2, and returns each annotator's token and body passages to label.
// The source tree (rubrics, sample corpus): --source, else two folders above the binary (build/bench/).
fs::path g_source;

void build_study(const fs::path& folder, int clients, int copies, std::vector<std::string>& tokens,
                 std::vector<std::vector<Target>>& targets) {
  const fs::path& source = g_source;
  auto study = ann::Study::create(folder);
  for (const char* name : {"framing", "loaded_language", "unsupported_claims"}) {
    auto r = ann::load_rubric_file((source / "rubrics" / (std::string(name) + ".json")).string());
    if (!r.rubric) throw std::runtime_error(std::string("cannot load rubric ") + name);
    study.add_rubric({r.rubric->id, r.rubric->version, r.rubric->title, r.rubric->json, {}});
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(source / "datasets" / "sample" / "articles")) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  {
    ann::Study::Transaction tx(study);
    for (int copy = 0; copy < copies; ++copy) {
      for (const auto& file : files) {
        std::ifstream in(file);
        std::stringstream text;
        text << in.rdbuf() << "\n\nCopy " << copy << ".\n";
        ann::ArticleMeta meta;
        meta.external_id = file.stem().string() + "-" + std::to_string(copy);
        meta.source = file.stem().string().substr(0, file.stem().string().find('-'));
        ann::Article article;
        std::vector<ann::Diagnostic> diagnostics;
        if (ann::article_from_text(text.str(), ann::InputFormat::text, meta, file.string(), article, diagnostics)) {
          study.insert_article(article);
        }
      }
    }
    tx.commit();
  }
  ann::AssignmentOptions options;
  for (int i = 0; i < clients; ++i) options.annotators.push_back("load" + std::to_string(i));
  options.overlap = std::min(2, clients);
  std::vector<ann::PlanArticle> articles;
  for (const auto& row : study.list_articles()) articles.push_back({row.id, row.meta.source});
  const auto plan = ann::plan_assignments(articles, options);
  ann::store_assignment_plan(study, plan, options);
  targets.assign(static_cast<std::size_t>(clients), {});
  std::map<std::int64_t, std::vector<Target>> bodies;
  for (const auto& row : study.list_articles()) {
    const auto article = study.load_article(row.id);
    for (const auto& p : article->passages) {
      if (p.role == ann::PassageRole::body && p.end - p.start > 40) {
        bodies[row.id].push_back({row.id, static_cast<std::int64_t>(p.start), static_cast<std::int64_t>(p.end)});
      }
    }
  }
  for (const auto& item : plan.items) {
    const auto idx = static_cast<std::size_t>(std::stoi(item.annotator.substr(4)));
    for (const auto& t : bodies[item.article_id]) targets[idx].push_back(t);
  }
  for (const auto& name : options.annotators) tokens.push_back(ann::issue_token(study, name).token);
}

double percentile(std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const auto idx = static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1));
  return sorted[idx];
}

}  // namespace

int main(int argc, char** argv) {
  int clients = 64;
  double seconds = 10;
  int copies = 22;
  double rate = 0;  // saves/s offered by all clients together; 0 = as fast as possible
  std::string keep;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string arg = argv[i];
    if (arg == "--clients") clients = std::stoi(argv[i + 1]);
    else if (arg == "--seconds") seconds = std::stod(argv[i + 1]);
    else if (arg == "--copies") copies = std::stoi(argv[i + 1]);
    else if (arg == "--rate") rate = std::stod(argv[i + 1]);
    else if (arg == "--keep") keep = argv[i + 1];
    else if (arg == "--source") g_source = argv[i + 1];
    else {
      std::cerr << "usage: serve_load_bench [--clients N] [--seconds S] [--copies C] [--rate R] [--keep DIR] [--source DIR]\n";
      return 2;
    }
  }
  if (g_source.empty()) g_source = fs::read_symlink("/proc/self/exe").parent_path().parent_path().parent_path();
  if (!fs::exists(g_source / "rubrics" / "framing.json")) {
    std::cerr << "serve_load_bench: no rubrics under " << g_source << "; pass --source /path/to/credence\n";
    return 2;
  }
  const fs::path folder = keep.empty() ? fs::temp_directory_path() / ("credence-load-" + std::to_string(::getpid())) : fs::path(keep);
  std::error_code ec;
  fs::remove_all(folder, ec);
  std::vector<std::string> tokens;
  std::vector<std::vector<Target>> targets;
  build_study(folder, clients, copies, tokens, targets);

  credence::server::Server server(folder, credence::server::ServerOptions{"127.0.0.1", 0});
  server.start();
  const auto port = server.port();

  std::vector<ClientResult> results(static_cast<std::size_t>(clients));
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  const auto deadline_after = std::chrono::duration<double>(seconds);
  Clock::time_point started;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      auto& out = results[static_cast<std::size_t>(c)];
      const auto& mine = targets[static_cast<std::size_t>(c)];
      if (mine.empty()) return;
      boost::asio::io_context io;
      boost::asio::ip::tcp::socket socket(io);
      socket.connect({boost::asio::ip::make_address("127.0.0.1"), port});
      socket.set_option(boost::asio::ip::tcp::no_delay(true));
      boost::beast::flat_buffer buffer;
      std::mt19937_64 rng(static_cast<std::uint64_t>(c) + 1);
      std::set<std::tuple<std::int64_t, std::int64_t, std::int64_t>> used;
      while (!go) std::this_thread::yield();
      const auto deadline = started + std::chrono::duration_cast<Clock::duration>(deadline_after);
      static const char* categories[] = {"named_source", "anonymous_source", "hedged", "unsupported", "speculation_as_fact"};
      // Open loop: client c sends at start + offset + k * interval.
      const auto interval = rate > 0 ? std::chrono::duration<double>(clients / rate) : std::chrono::duration<double>(0);
      auto next_send = started + std::chrono::duration_cast<Clock::duration>(interval * (static_cast<double>(c) / clients));
      while (Clock::now() < deadline) {
        const auto& t = mine[rng() % mine.size()];
        const std::int64_t len = 3 + static_cast<std::int64_t>(rng() % 30);
        const std::int64_t start = t.start + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(t.end - t.start - len));
        if (!used.insert({t.document, start, len}).second) continue;  // one label per span, as a person would
        boost::json::object body{{"document", t.document}, {"rubric", "unsupported_claims"}, {"dimension", "claim_support"},
                                 {"start", start}, {"end", start + len}, {"category", categories[rng() % 5]}};
        http::request<http::string_body> req{http::verb::post, "/api/labels", 11};
        req.set(http::field::host, "127.0.0.1");
        req.set(http::field::authorization, "Bearer " + tokens[static_cast<std::size_t>(c)]);
        req.set(http::field::content_type, "application/json");
        req.body() = boost::json::serialize(body);
        req.keep_alive(true);
        req.prepare_payload();
        if (rate > 0) {
          std::this_thread::sleep_until(next_send);
          if (next_send >= deadline) break;
        }
        const auto t0 = rate > 0 ? next_send : Clock::now();
        if (rate > 0) next_send += std::chrono::duration_cast<Clock::duration>(interval);
        http::write(socket, req);
        http::response<http::string_body> res;
        http::read(socket, buffer, res);
        out.latencies_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        if (res.result_int() == 201) {
          out.acknowledged.push_back(boost::json::parse(res.body()).at("id").as_int64());
        } else if (res.result_int() == 409) {
          ++out.conflicts;
        } else {
          if (out.first_error.empty()) out.first_error = std::to_string(res.result_int()) + " " + res.body();
          ++out.errors;
        }
      }
    });
  }
  started = Clock::now();
  go = true;
  for (auto& t : threads) t.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
  server.stop();

  std::vector<double> all;
  std::set<std::int64_t> acknowledged;
  std::size_t conflicts = 0, errors = 0;
  std::string first_error;
  for (auto& r : results) {
    all.insert(all.end(), r.latencies_ms.begin(), r.latencies_ms.end());
    acknowledged.insert(r.acknowledged.begin(), r.acknowledged.end());
    conflicts += r.conflicts;
    errors += r.errors;
    if (first_error.empty()) first_error = r.first_error;
  }
  std::sort(all.begin(), all.end());
  auto study = ann::Study::open(folder);
  std::set<std::int64_t> stored;
  ann::AnnotationFilter filter;
  filter.dimension = "claim_support";
  for (const auto& a : study.current_annotations(filter)) stored.insert(a.id);
  std::size_t missing = 0;
  for (const auto id : acknowledged) missing += stored.count(id) ? 0 : 1;

  if (rate > 0) std::printf("offered load %.0f saves/s (open loop)\n", rate);
  std::printf("clients %d, %.1f s, %zu requests, %zu saves acknowledged, %zu conflicts, %zu errors\n", clients, elapsed,
              all.size(), acknowledged.size(), conflicts, errors);
  std::printf("throughput %.0f saves/s\n", static_cast<double>(acknowledged.size()) / elapsed);
  std::printf("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n", percentile(all, 0.5), percentile(all, 0.9),
              percentile(all, 0.99), all.empty() ? 0.0 : all.back());
  std::printf("store check: %zu acknowledged saves, %zu stored, %zu missing\n", acknowledged.size(), stored.size(), missing);
  if (!first_error.empty()) std::printf("first error: %s\n", first_error.c_str());
  if (keep.empty()) fs::remove_all(folder, ec);
  return missing == 0 && errors == 0 ? 0 : 1;
}
