// Assignment planning: who labels which article. Every planned article gets exactly `overlap`
// annotators, work is balanced across annotators and across outlets; the plan is deterministic per seed.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace credence::annotate {

struct AssignmentOptions {
  std::vector<std::string> annotators;  // human annotator names, unique
  int overlap = 1;                      // annotators per article, 1..annotators.size()
  std::optional<int> per_annotator;     // at most this many articles each (counting earlier plans)
  bool blind = false;                   // hide outlet, author, URL and mastheads from annotators
  std::uint64_t seed = 1;
};

struct PlanArticle {
  std::int64_t id = 0;
  std::string source;  // outlet name
};

struct PlannedAssignment {
  std::int64_t article_id = 0;
  std::string annotator;
  int position = 0;  // 1-based place in the annotator's queue (continues after earlier plans)
};

struct AssignmentPlan {
  std::vector<PlannedAssignment> items;     // ordered by article in planning order, then annotator
  std::vector<std::int64_t> unassigned;     // articles left out because --per-annotator ran out
};

// Empty when `name` may be an annotator's name; otherwise what is wrong with it. Names are
// 1..64 characters of [A-Za-z0-9_.-], and "adjudicated", "owner" and "machine:*" are reserved.
std::string check_annotator_name(const std::string& name);

// Checks the options up front; returns one message per problem (empty = usable).
std::vector<std::string> check_assignment_options(const AssignmentOptions& options);

// Plans `articles` (already-assigned articles must be left out by the caller). `existing_load` is the
// number of articles each annotator already has, so that balance and --per-annotator count them.
// An article is planned only when `overlap` annotators with room are left; otherwise it goes to
// `unassigned` (never a partial overlap, which would leave the article unpairable for agreement).
AssignmentPlan plan_assignments(const std::vector<PlanArticle>& articles, const AssignmentOptions& options,
                                const std::map<std::string, int>& existing_load = {});

}  // namespace credence::annotate
