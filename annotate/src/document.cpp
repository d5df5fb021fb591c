// Names of passage roles and unit kinds, the spellings used in files, the store and the CLI.
#include "credence/annotate/document.hpp"

#include <array>

namespace credence::annotate {

namespace {
constexpr std::array<std::string_view, 7> k_role_names = {"title", "byline", "caption", "heading",
                                                          "body", "boilerplate", "comment"};
constexpr std::array<std::string_view, 3> k_unit_names = {"article", "passage", "span"};
}  // namespace

std::string_view to_string(PassageRole role) { return k_role_names.at(static_cast<std::size_t>(role)); }

std::optional<PassageRole> parse_passage_role(std::string_view name) {
  for (std::size_t i = 0; i < k_role_names.size(); ++i) {
    if (k_role_names[i] == name) return static_cast<PassageRole>(i);
  }
  return std::nullopt;
}

const std::vector<PassageRole>& all_passage_roles() {
  static const std::vector<PassageRole> roles = {PassageRole::title, PassageRole::byline, PassageRole::caption,
                                                 PassageRole::heading, PassageRole::body,
                                                 PassageRole::boilerplate, PassageRole::comment};
  return roles;
}

std::string_view to_string(UnitKind kind) { return k_unit_names.at(static_cast<std::size_t>(kind)); }

std::optional<UnitKind> parse_unit_kind(std::string_view name) {
  for (std::size_t i = 0; i < k_unit_names.size(); ++i) {
    if (k_unit_names[i] == name) return static_cast<UnitKind>(i);
  }
  return std::nullopt;
}

}  // namespace credence::annotate
