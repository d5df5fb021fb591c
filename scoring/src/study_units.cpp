// Building reliability data from a study's labels (see study_units.hpp for the unit definitions).
#include "credence/scoring/study_units.hpp"

#include <unicode/brkiter.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

namespace credence::scoring {

namespace ann = credence::annotate;

Coverage coverage_from_labels(const std::vector<ann::Annotation>& rubric_labels) {
  Coverage coverage;
  for (const auto& label : rubric_labels) coverage[label.annotator].insert(label.article_id);
  return coverage;
}

std::vector<std::pair<std::size_t, std::size_t>> word_tokens(const std::string& text, std::size_t start_cp,
                                                             std::size_t end_cp) {
  std::vector<std::pair<std::size_t, std::size_t>> tokens;
  if (end_cp <= start_cp) return tokens;
  // Only the passage's bytes are converted (not the whole article once per passage): find them by
  // counting code points, then remember the code point of each UTF-16 unit.
  std::size_t byte = 0, cp = 0, begin_byte = text.size(), end_byte = text.size();
  for (; byte < text.size(); ++byte) {
    if ((static_cast<unsigned char>(text[byte]) & 0xC0) == 0x80) continue;
    if (cp == start_cp) begin_byte = byte;
    if (cp == end_cp) {
      end_byte = byte;
      break;
    }
    ++cp;
  }
  if (begin_byte >= end_byte) return tokens;
  const auto part = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data() + begin_byte, static_cast<int32_t>(end_byte - begin_byte)));
  std::vector<std::size_t> cp_of_unit;
  cp_of_unit.reserve(static_cast<std::size_t>(part.length()) + 1);
  cp = start_cp;
  for (int32_t i = 0; i < part.length();) {
    const int32_t width = U16_LENGTH(part.char32At(i));
    for (int32_t k = 0; k < width; ++k) cp_of_unit.push_back(cp);
    ++cp;
    i += width;
  }
  cp_of_unit.push_back(end_cp);
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status)) throw std::runtime_error("ICU word iterator unavailable");
  it->setText(part);
  int32_t begin = it->first();
  for (int32_t end = it->next(); end != icu::BreakIterator::DONE; begin = end, end = it->next()) {
    const auto rule = it->getRuleStatus();
    if (rule >= UBRK_WORD_LETTER || (rule >= UBRK_WORD_NUMBER && rule < UBRK_WORD_NUMBER_LIMIT)) {
      tokens.emplace_back(cp_of_unit[static_cast<std::size_t>(begin)], cp_of_unit[static_cast<std::size_t>(end)]);
    }
  }
  return tokens;
}

std::vector<SpanCluster> cluster_spans(const std::vector<ann::Annotation>& labels) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i].unit == ann::UnitKind::span && labels[i].start && labels[i].end) order.push_back(i);
  }
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (labels[a].article_id != labels[b].article_id) return labels[a].article_id < labels[b].article_id;
    if (*labels[a].start != *labels[b].start) return *labels[a].start < *labels[b].start;
    return *labels[a].end < *labels[b].end;
  });
  std::vector<SpanCluster> clusters;
  for (const auto idx : order) {
    const auto& label = labels[idx];
    if (!clusters.empty() && clusters.back().article_id == label.article_id && *label.start < clusters.back().end) {
      auto& cluster = clusters.back();
      cluster.end = std::max(cluster.end, *label.end);
      cluster.members.push_back(idx);
      continue;
    }
    clusters.push_back({label.article_id, *label.start, *label.end, {idx}});
  }
  return clusters;
}

namespace {

std::vector<std::string> annotator_order(const std::vector<ann::Annotation>& labels, const Coverage& coverage,
                                         const UnitOptions& options) {
  if (!options.annotators.empty()) return options.annotators;
  std::set<std::string> names;
  for (const auto& [name, articles] : coverage) names.insert(name);
  for (const auto& label : labels) names.insert(label.annotator);
  return {names.begin(), names.end()};
}

bool article_wanted(std::int64_t article_id, const UnitOptions& options) {
  return !options.articles || options.articles->count(article_id) > 0;
}

bool passage_counts(const ann::Article& article, int passage_index, const ann::RubricDimension& dimension,
                    const UnitOptions& options) {
  if (passage_index < 0 || static_cast<std::size_t>(passage_index) >= article.passages.size()) return false;
  const auto role = article.passages[static_cast<std::size_t>(passage_index)].role;
  if (options.body_only) return role == ann::PassageRole::body;
  return std::find(dimension.roles.begin(), dimension.roles.end(), role) != dimension.roles.end() ||
         role == ann::PassageRole::body;
}

}  // namespace

DimensionUnits build_units(const std::vector<ann::Article>& articles, const std::vector<ann::Annotation>& dimension_labels,
                           const ann::RubricDimension& dimension, const Coverage& coverage, const UnitOptions& options) {
  DimensionUnits out;
  const auto coders = annotator_order(dimension_labels, coverage, options);
  std::map<std::string, std::size_t> coder_index;
  for (std::size_t i = 0; i < coders.size(); ++i) coder_index[coders[i]] = i;
  std::map<std::int64_t, const ann::Article*> by_id;
  for (const auto& article : articles) by_id[article.id] = &article;
  auto covers = [&](const std::string& coder, std::int64_t article_id) {
    auto it = coverage.find(coder);
    return it != coverage.end() && it->second.count(article_id) > 0;
  };

  std::vector<std::vector<std::optional<std::string>>> table;
  CategoryOrder order;
  for (const auto& c : dimension.categories) order.explicit_order.push_back(c.id);
  std::vector<std::string> unit_ids;

  if (dimension.unit == ann::UnitKind::span) {
    out.unit_kind = "token";
    order.explicit_order.insert(order.explicit_order.begin(), k_none_category);
    // Per article and annotator, the spans; the longest span wins a token covered twice.
    std::map<std::pair<std::int64_t, std::string>, std::vector<const ann::Annotation*>> spans;
    for (const auto& label : dimension_labels) {
      if (label.unit != ann::UnitKind::span || !label.start || !label.end || label.category.empty()) continue;
      if (coder_index.count(label.annotator) == 0) continue;
      spans[{label.article_id, label.annotator}].push_back(&label);
    }
    for (const auto& article : articles) {
      if (!article_wanted(article.id, options)) continue;
      bool anyone = false;
      for (const auto& coder : coders) anyone = anyone || covers(coder, article.id);
      if (!anyone) continue;
      for (const auto& passage : article.passages) {
        if (!passage_counts(article, passage.index, dimension, options)) continue;
        for (const auto& [tok_start, tok_end] : word_tokens(article.text, passage.start, passage.end)) {
          std::vector<std::optional<std::string>> row(coders.size());
          for (std::size_t coder_idx = 0; coder_idx < coders.size(); ++coder_idx) {
            if (!covers(coders[coder_idx], article.id)) continue;
            row[coder_idx] = k_none_category;
            auto it = spans.find({article.id, coders[coder_idx]});
            if (it == spans.end()) continue;
            std::size_t best_length = 0;
            for (const auto* span : it->second) {
              if (*span->start < tok_end && tok_start < *span->end && *span->end - *span->start > best_length) {
                best_length = *span->end - *span->start;
                row[coder_idx] = span->category;
              }
            }
          }
          table.push_back(std::move(row));
          out.unit_article.push_back(article.id);
          unit_ids.push_back(std::to_string(article.id) + ":" + std::to_string(tok_start));
        }
      }
    }
  } else {
    const bool per_passage = dimension.unit == ann::UnitKind::passage;
    out.unit_kind = per_passage ? "passage" : "article";
    // unit key -> coder -> labels (latest wins for single-choice dimensions)
    std::map<std::pair<std::int64_t, int>, std::map<std::string, std::vector<const ann::Annotation*>>> cells;
    std::size_t outside = 0;
    for (const auto& label : dimension_labels) {
      if (coder_index.count(label.annotator) == 0 || !article_wanted(label.article_id, options)) continue;
      auto article = by_id.find(label.article_id);
      if (article == by_id.end()) continue;
      const int passage = per_passage ? label.passage_index.value_or(-1) : -1;
      if (per_passage && !passage_counts(*article->second, passage, dimension, options)) {
        ++outside;
        continue;
      }
      cells[{label.article_id, passage}][label.annotator].push_back(&label);
    }
    if (outside > 0) {
      out.notes.push_back(std::to_string(outside) + " label(s) on passages that are not body text left out");
    }
    std::size_t overwritten = 0;
    // On an interval scale a category is an anchor point: it counts as its number (the rubric requires one),
    // so the interval metric sees numbers, not category ids.
    auto value_of = [&dimension](const ann::Annotation* a) {
      std::optional<double> number = a->value;
      if (!a->category.empty()) {
        const auto* category = dimension.scale == ann::Scale::interval ? dimension.find_category(a->category) : nullptr;
        if (category == nullptr || !category->value) return a->category;
        number = category->value;
      }
      char buffer[32];
      std::snprintf(buffer, sizeof buffer, "%.10g", number.value_or(0.0));
      return std::string(buffer);
    };
    if (dimension.multiple) {
      out.unit_kind += " x category";
      order.explicit_order = {"no", "yes"};
    }
    for (const auto& [key, by_coder] : cells) {
      const auto& [article_id, passage] = key;
      const std::string unit_base = std::to_string(article_id) + (per_passage ? ":" + std::to_string(passage) : "");
      if (dimension.multiple) {
        for (const auto& category : dimension.categories) {
          std::vector<std::optional<std::string>> row(coders.size());
          for (std::size_t coder_idx = 0; coder_idx < coders.size(); ++coder_idx) {
            auto it = by_coder.find(coders[coder_idx]);
            if (it == by_coder.end()) {
              if (covers(coders[coder_idx], article_id)) row[coder_idx] = "no";
              continue;
            }
            const bool has = std::any_of(it->second.begin(), it->second.end(),
                                         [&](const ann::Annotation* a) { return a->category == category.id; });
            row[coder_idx] = has ? "yes" : "no";
          }
          table.push_back(std::move(row));
          out.unit_article.push_back(article_id);
          unit_ids.push_back(unit_base + "/" + category.id);
        }
        continue;
      }
      std::vector<std::optional<std::string>> row(coders.size());
      for (const auto& [coder, labels] : by_coder) {
        const ann::Annotation* latest = *std::max_element(
            labels.begin(), labels.end(), [](const ann::Annotation* a, const ann::Annotation* b) { return a->id < b->id; });
        overwritten += labels.size() - 1;
        row[coder_index.at(coder)] = value_of(latest);
      }
      table.push_back(std::move(row));
      out.unit_article.push_back(article_id);
      unit_ids.push_back(unit_base);
    }
    if (overwritten > 0) {
      out.notes.push_back(std::to_string(overwritten) +
                          " extra label(s) by the same annotator on the same unit: the latest one counts");
    }
    if (dimension.scale == ann::Scale::interval && !dimension.multiple) order.explicit_order.clear();
  }
  // Labels outside the rubric's categories (an old rubric version) would break the explicit order:
  // keep them, after the known ones, and say so.
  std::set<std::string> known(order.explicit_order.begin(), order.explicit_order.end());
  std::set<std::string> unknown;
  for (const auto& row : table) {
    for (const auto& cell : row) {
      if (cell && !order.explicit_order.empty() && known.count(*cell) == 0) unknown.insert(*cell);
    }
  }
  for (const auto& label : unknown) {
    order.explicit_order.push_back(label);
    out.notes.push_back("category \"" + label + "\" is not in this rubric version; kept as its own category");
  }
  std::vector<std::string> coder_ids = coders;
  if (table.empty()) coder_ids.clear();
  out.data = ReliabilityData::from_table(table, order, coder_ids, unit_ids);
  out.unit_ids = std::move(unit_ids);
  return out;
}

}  // namespace credence::scoring
