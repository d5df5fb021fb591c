// Assignment planning: outlet-interleaved article order, least-loaded annotators first, seeded ties.
#include "credence/annotate/assignment.hpp"

#include <algorithm>
#include <numeric>
#include <random>
#include <set>

namespace credence::annotate {

namespace {

// Fisher-Yates with an explicit draw, so a seed gives the same plan on every standard library
// (std::shuffle's use of the engine is unspecified).
template <typename T>
void seeded_shuffle(std::vector<T>& items, std::mt19937_64& rng) {
  for (std::size_t i = items.size(); i > 1; --i) {
    const std::size_t j = static_cast<std::size_t>(rng() % i);
    std::swap(items[i - 1], items[j]);
  }
}

}  // namespace

std::string check_annotator_name(const std::string& name) {
  if (name.empty()) return "an annotator name is empty";
  if (name == "adjudicated" || name == "owner") return "'" + name + "' is reserved; choose another annotator name";
  if (name.rfind("machine:", 0) == 0) return "'" + name + "' names a machine annotator; humans only here";
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                    c == '.' || c == '-';
    if (!ok) return "annotator name '" + name + "' may only use letters, digits, '_', '.' and '-'";
  }
  // After the character check, so that the name is ASCII: bytes are characters and the cut is clean.
  if (name.size() > 64) return "annotator name '" + name.substr(0, 64) + "...' is longer than 64 characters";
  return {};
}

std::vector<std::string> check_assignment_options(const AssignmentOptions& options) {
  std::vector<std::string> problems;
  if (options.annotators.empty()) problems.push_back("no annotators given; pass --annotators a,b,c");
  std::set<std::string> seen;
  for (const auto& name : options.annotators) {
    if (auto problem = check_annotator_name(name); !problem.empty()) problems.push_back(problem);
    if (!seen.insert(name).second) problems.push_back("annotator '" + name + "' is listed twice");
  }
  if (options.overlap < 1) problems.push_back("--overlap must be at least 1");
  if (!options.annotators.empty() && options.overlap > static_cast<int>(seen.size())) {
    problems.push_back("--overlap " + std::to_string(options.overlap) + " needs at least that many annotators (" +
                       std::to_string(seen.size()) + " given)");
  }
  if (options.per_annotator && *options.per_annotator < 1) problems.push_back("--per-annotator must be at least 1");
  return problems;
}

AssignmentPlan plan_assignments(const std::vector<PlanArticle>& articles, const AssignmentOptions& options,
                                const std::map<std::string, int>& existing_load) {
  AssignmentPlan plan;
  std::mt19937_64 rng(options.seed);

  // Articles grouped by outlet, shuffled within each outlet, then dealt out one outlet at a time so
  // that every stretch of every queue mixes outlets.
  std::map<std::string, std::vector<std::int64_t>> by_source;
  for (const auto& article : articles) by_source[article.source].push_back(article.id);
  for (auto& [source, ids] : by_source) {
    std::sort(ids.begin(), ids.end());
    seeded_shuffle(ids, rng);
  }
  std::vector<std::pair<std::int64_t, std::string>> order;
  for (std::size_t round = 0;; ++round) {
    bool any = false;
    for (const auto& [source, ids] : by_source) {
      if (round < ids.size()) {
        order.emplace_back(ids[round], source);
        any = true;
      }
    }
    if (!any) break;
  }

  const auto& names = options.annotators;
  std::vector<int> load(names.size(), 0);
  std::vector<int> next_position(names.size(), 1);
  for (std::size_t coder_idx = 0; coder_idx < names.size(); ++coder_idx) {
    if (auto it = existing_load.find(names[coder_idx]); it != existing_load.end()) {
      load[coder_idx] = it->second;
      next_position[coder_idx] = it->second + 1;
    }
  }
  std::map<std::pair<std::size_t, std::string>, int> source_load;  // (annotator, outlet) -> articles

  for (const auto& [article_id, source] : order) {
    std::vector<std::size_t> candidates;
    for (std::size_t coder_idx = 0; coder_idx < names.size(); ++coder_idx) {
      if (!options.per_annotator || load[coder_idx] < *options.per_annotator) candidates.push_back(coder_idx);
    }
    if (static_cast<int>(candidates.size()) < options.overlap) {
      plan.unassigned.push_back(article_id);
      continue;
    }
    // Fresh random tie-break per article, so equal loads do not always favour the same people.
    std::vector<std::uint64_t> tie(names.size());
    for (auto& t : tie) t = rng();
    std::sort(candidates.begin(), candidates.end(), [&](std::size_t a, std::size_t b) {
      if (load[a] != load[b]) return load[a] < load[b];
      const int sa = source_load[{a, source}];
      const int sb = source_load[{b, source}];
      if (sa != sb) return sa < sb;
      return tie[a] < tie[b];
    });
    candidates.resize(static_cast<std::size_t>(options.overlap));
    std::sort(candidates.begin(), candidates.end());
    for (const std::size_t coder_idx : candidates) {
      plan.items.push_back({article_id, names[coder_idx], next_position[coder_idx]++});
      ++load[coder_idx];
      ++source_load[{coder_idx, source}];
    }
  }
  return plan;
}

}  // namespace credence::annotate
