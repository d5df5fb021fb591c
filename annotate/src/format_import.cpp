// Resolves foreign labels against a study and stores them; dispatches reading to each format.
#include "credence/annotate/format_import.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>
#include <tuple>
#include <unordered_set>

#include "credence/annotate/format_brat.hpp"
#include "credence/annotate/format_csv.hpp"
#include "credence/annotate/format_doccano.hpp"
#include "credence/annotate/format_label_studio.hpp"
#include "credence/annotate/format_ptc.hpp"
#include "credence/annotate/format_webanno_tsv.hpp"
#include "credence/annotate/format_xmi.hpp"
#include "credence/annotate/ingest.hpp"
#include "credence/annotate/rubric.hpp"
#include "credence/annotate/text.hpp"

namespace credence::annotate {

namespace {

// What a foreign name resolved to: a dimension of a stored rubric, or a reason it did not.
struct Resolution {
  const Rubric* rubric = nullptr;
  const RubricDimension* dimension = nullptr;
  std::string category;
  std::optional<double> value;
  bool ignore = false;
  bool unmapped = false;
  std::string error;
};

using LabelKey = std::tuple<std::string, std::string, std::string, std::string, int, std::int64_t, std::int64_t,
                            std::string, double>;

LabelKey key_of(const Annotation& a) {
  return {a.annotator,
          a.rubric_id,
          a.dimension,
          std::string(to_string(a.unit)),
          a.unit == UnitKind::passage ? a.passage_index.value_or(-1) : -1,
          a.start ? static_cast<std::int64_t>(*a.start) : -1,
          a.end ? static_cast<std::int64_t>(*a.end) : -1,
          a.category,
          a.value.value_or(-1e300)};
}

std::string quote_short(std::string_view text) {
  constexpr std::size_t k_max = 80;
  std::string out;
  for (char c : text.substr(0, k_max)) {
    if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else out.push_back(c);
  }
  // Do not cut inside a UTF-8 sequence.
  while (!out.empty() && text.size() > k_max && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
  if (!out.empty() && text.size() > k_max && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
  return "\"" + out + (text.size() > k_max ? "...\"" : "\"");
}

std::string count_labels(std::size_t n) { return std::to_string(n) + " label" + (n == 1 ? "" : "s"); }

}  // namespace

struct LabelImporter::Impl {
  Study& study;
  ImportOptions options;
  ImportStats stats;
  std::vector<Rubric> rubrics;  // newest version of each stored rubric
  std::map<std::string, Resolution> resolved;
  // Articles this import created: their only labels come from this import, whose records are all kept,
  // so there is nothing to compare against.
  std::unordered_set<std::int64_t> created_in_run;
  // The article the previous document resolved to (its id is still looked up first). Stored articles do
  // not change during an import; a caller that rolls back a transaction makes a new importer.
  std::optional<Article> last_article;

  Impl(Study& s, ImportOptions o) : study(s), options(std::move(o)) {
    std::map<std::string, RubricRow> latest;
    for (auto& row : study.list_rubrics()) latest[row.id] = row;  // ordered by added_at: the last wins
    for (auto& [id, row] : latest) {
      auto loaded = parse_rubric(row.json, id);
      if (loaded.rubric) rubrics.push_back(std::move(*loaded.rubric));
    }
  }

  Resolution resolve_target(const LabelTarget& target, const std::string& shown) {
    Resolution r;
    if (target.ignore) {
      r.ignore = true;
      return r;
    }
    std::vector<const Rubric*> holders;
    for (const auto& rubric : rubrics) {
      if (!target.rubric.empty() && rubric.id != target.rubric) continue;
      if (rubric.find_dimension(target.dimension) != nullptr) holders.push_back(&rubric);
    }
    if (holders.empty()) {
      r.error = "label '" + shown + "' names dimension \"" + target.dimension + "\"" +
                (target.rubric.empty() ? "" : " of rubric \"" + target.rubric + "\"") +
                ", which no rubric in the study has";
      return r;
    }
    if (holders.size() > 1) {
      r.error = "label '" + shown + "': dimension \"" + target.dimension + "\" is in rubrics \"" + holders[0]->id +
                "\" and \"" + holders[1]->id + "\"; name the rubric in the map (RUBRIC/DIMENSION.CATEGORY)";
      return r;
    }
    r.rubric = holders[0];
    r.dimension = r.rubric->find_dimension(target.dimension);
    if (target.value) {
      r.value = target.value;
      return r;
    }
    if (r.dimension->find_category(target.category) == nullptr) {
      std::string known;
      for (const auto& c : r.dimension->categories) known += (known.empty() ? "" : ", ") + c.id;
      r.error = "label '" + shown + "': dimension \"" + target.dimension + "\" has no category \"" + target.category +
                "\" (known: " + known + ")";
      r.rubric = nullptr;
      return r;
    }
    r.category = target.category;
    return r;
  }

  const Resolution& resolve(const ForeignLabel& label) {
    const std::string cache_key = label.context + '\x1f' + label.name;
    if (auto it = resolved.find(cache_key); it != resolved.end()) return it->second;
    std::vector<std::string> names{label.name};
    if (!label.context.empty()) names.push_back(label.context + "." + label.name);
    Resolution r;
    bool found = false;
    if (options.map != nullptr) {
      for (const auto& name : names) {
        if (const LabelTarget* target = options.map->find(name)) {
          r = resolve_target(*target, name);
          found = true;
          break;
        }
      }
    }
    if (!found) {
      for (const auto& name : names) {
        if (auto target = parse_label_target(name)) {
          Resolution candidate = resolve_target(*target, name);
          if (candidate.rubric != nullptr || !found) {
            r = std::move(candidate);
            found = true;
          }
          if (r.rubric != nullptr) break;
        }
      }
    }
    if (!found) {
      r.unmapped = true;
      const std::string shown = names.size() > 1 ? names[1] : names[0];
      r.error = "label '" + label.name + "'" + (label.context.empty() ? "" : " (in '" + label.context + "')") +
                " is not mapped to a rubric dimension; add the line '" + label.name +
                "<TAB>DIMENSION.CATEGORY' (or '@ignore<TAB>" + label.name + "') to a --map file";
    }
    return resolved.emplace(cache_key, std::move(r)).first->second;
  }

  void reject_document(const ForeignDocument& doc, const std::string& message, const DiagnosticSink& sink) {
    Diagnostic d;
    d.where = doc.where;
    d.message = message + "; its " + count_labels(doc.labels.size()) + (doc.labels.size() == 1 ? " was" : " were") + " not imported";
    sink(std::move(d));
    stats.labels_rejected += doc.labels.size();
  }

  // The stored article for the document, created from its text when the study lacks it.
  std::optional<Article> find_or_create(const ForeignDocument& doc, const DiagnosticSink& sink) {
    std::optional<std::int64_t> id;
    if (!doc.id.empty()) id = study.find_article_by_external_id(doc.id);
    for (const auto& other : doc.other_ids) {
      if (!id) id = study.find_article_by_external_id(other);
    }
    if (doc.text) {
      if (auto bad = find_invalid_utf8(*doc.text)) {
        reject_document(doc, "the text of document '" + doc.id + "' is not valid UTF-8 (byte " + std::to_string(*bad) +
                                 "); save it as UTF-8", sink);
        return std::nullopt;
      }
    }
    if (!id && doc.text && !doc.text_is_reconstructed) id = study.find_article_by_hash(sha256_hex(normalize_text(*doc.text)));
    if (id) {
      // The documents of one article usually follow each other (one per annotator): reuse the last one.
      std::optional<Article> article;
      if (last_article && last_article->id == *id) article = last_article;
      else article = last_article = study.load_article(*id);
      if (article && doc.text && !doc.text_is_reconstructed) {
        const std::string normalized = normalize_text(*doc.text);
        if (normalized != article->text) {
          std::size_t diff = 0;
          while (diff < normalized.size() && diff < article->text.size() && normalized[diff] == article->text[diff]) ++diff;
          while (diff > 0 && diff < normalized.size() && (static_cast<unsigned char>(normalized[diff]) & 0xC0) == 0x80) --diff;
          const std::size_t cp = code_point_count(std::string_view(normalized).substr(0, diff));
          reject_document(doc, "document '" + doc.id + "' has a different text from the stored article (they differ from code point " +
                                   std::to_string(cp) + ": file has " + quote_short(std::string_view(normalized).substr(diff, 40)) +
                                   ", article has " + quote_short(std::string_view(article->text).substr(diff, 40)) + ")",
                          sink);
          return std::nullopt;
        }
      }
      return article;
    }
    if (!doc.text) {
      reject_document(doc, "no article '" + doc.id + "' in the study; this format does not carry the text, so import the articles first with 'credence import'", sink);
      return std::nullopt;
    }
    ArticleMeta meta = doc.meta;
    meta.external_id = doc.id;
    Article article;
    std::vector<Diagnostic> local;
    if (!article_from_text(*doc.text, InputFormat::text, meta, doc.where.path, article, local)) {
      reject_document(doc, "document '" + doc.id + "' cannot become an article: " + (local.empty() ? std::string("bad text") : local.front().message), sink);
      return std::nullopt;
    }
    article.id = study.insert_article(article);
    ++stats.articles_created;
    created_in_run.insert(article.id);
    last_article = article;
    return article;
  }

  // The first anchor whose text differs from the stored article there, with where and what.
  static std::optional<std::pair<Location, std::string>> check_anchors(const OffsetMap& offsets, const ForeignDocument& doc,
                                                                      const Article& article, const Utf8Index& stored) {
    const std::string unit_name(to_string(doc.unit));
    for (const auto& anchor : doc.anchors) {
      auto s = offsets.start_of(anchor.start);
      auto e = offsets.end_of(anchor.end);
      if (!s || !e || *s > *e) {
        return std::make_pair(anchor.where, "text at [" + std::to_string(anchor.start) + ", " + std::to_string(anchor.end) + ") (" +
                                                unit_name + ") is outside the stored article '" + doc.id + "' (" +
                                                std::to_string(offsets.foreign_size()) + " " + unit_name + ")");
      }
      const auto there = stored.slice(article.text, *s, *e);
      if (normalize_fragment(anchor.text) != there) {
        return std::make_pair(anchor.where, "the file says " + quote_short(anchor.text) + " at [" + std::to_string(anchor.start) +
                                                ", " + std::to_string(anchor.end) + ") (" + unit_name + ") but article '" +
                                                doc.id + "' has " + quote_short(there) + " there: the texts differ");
      }
    }
    return std::nullopt;
  }

  void add(ForeignDocument&& doc, const DiagnosticSink& sink) {
    ++stats.documents;
    auto article = find_or_create(doc, sink);
    if (!article) return;
    const bool own_text = doc.text && !doc.text_is_reconstructed;
    const Utf8Index stored(article->text);
    const std::size_t length = stored.size_code_points();
    auto unit_name = std::string(to_string(doc.unit));
    std::optional<OffsetMap> offsets_holder;
    if (own_text) {
      offsets_holder.emplace(*doc.text, doc.unit);
    } else {
      offsets_holder.emplace(article->text, doc.unit);
      if (!doc.anchors.empty()) {
        auto problem = check_anchors(*offsets_holder, doc, *article, stored);
        if (problem && article->text.find('\n') != std::string::npos) {
          // The tool may have counted the CR of CRLF line ends that the stored text no longer has.
          std::string crlf;
          crlf.reserve(article->text.size() + article->text.size() / 20);
          for (char c : article->text) {
            if (c == '\n') crlf.push_back('\r');
            crlf.push_back(c);
          }
          OffsetMap alternative(crlf, doc.unit);
          if (!check_anchors(alternative, doc, *article, stored)) {
            offsets_holder.emplace(std::move(alternative));
            problem.reset();
          }
        }
        if (problem) {
          Diagnostic d;
          d.where = problem->first;
          d.message = problem->second + "; the " + count_labels(doc.labels.size()) + " of this document " +
                      (doc.labels.size() == 1 ? "was" : "were") + " not imported";
          sink(std::move(d));
          stats.labels_rejected += doc.labels.size();
          return;
        }
      }
    }
    const OffsetMap& offsets = *offsets_holder;

    std::multiset<LabelKey> existing;
    if (created_in_run.count(article->id) == 0) {
      AnnotationFilter filter;
      filter.article_id = article->id;
      for (const auto& a : study.current_annotations(filter)) existing.insert(key_of(a));
    }

    // The document's good labels are stored together (Study::add_annotations); its diagnostics are
    // held until then so that they still come out in label order.
    std::vector<Annotation> to_store;
    std::vector<std::size_t> label_of_stored;  // to_store[i] came from doc.labels[label_of_stored[i]]
    std::vector<std::pair<std::size_t, Diagnostic>> problems;
    for (std::size_t label_idx = 0; label_idx < doc.labels.size(); ++label_idx) {
      const ForeignLabel& label = doc.labels[label_idx];
      auto fail = [&](const std::string& message) {
        Diagnostic d;
        d.where = label.where;
        d.message = message;
        problems.emplace_back(label_idx, std::move(d));
        ++stats.labels_rejected;
      };
      const Resolution& r = resolve(label);
      if (r.ignore) {
        ++stats.labels_ignored;
        continue;
      }
      if (r.rubric == nullptr) {
        if (r.unmapped) ++stats.unmapped[label.context.empty() ? label.name : label.context + "." + label.name];
        fail(r.error);
        continue;
      }
      Annotation a;
      a.annotator = !label.annotator.empty() ? label.annotator : !doc.annotator.empty() ? doc.annotator : options.annotator;
      if (a.annotator.empty()) {
        fail("no annotator for this label; pass --annotator NAME");
        continue;
      }
      a.rubric_id = r.rubric->id;
      a.rubric_version = r.rubric->version;
      a.dimension = r.dimension->id;
      a.unit = r.dimension->unit;
      a.article_id = article->id;
      a.category = r.category;
      a.value = r.value ? r.value : label.value;
      a.note = label.note;
      if (a.unit != UnitKind::article) {
        if (!label.has_span) {
          fail("label '" + label.name + "' is for the whole document, but dimension \"" + a.dimension + "\" is labelled per " +
               std::string(to_string(a.unit)));
          continue;
        }
        const std::string where = "[" + std::to_string(label.start) + ", " + std::to_string(label.end) + ") (" + unit_name + ")";
        if (label.start >= label.end) {
          fail("span " + where + " is empty or reversed");
          continue;
        }
        if (label.end > offsets.foreign_size()) {
          fail("span " + where + " ends past the end of the text of '" + doc.id + "' (" +
               std::to_string(offsets.foreign_size()) + " " + unit_name + ")");
          continue;
        }
        auto s = offsets.start_of(label.start);
        auto e = offsets.end_of(label.end);
        if (!s || !e) {
          fail("span " + where + " cuts a character in two (" +
               (doc.unit == OffsetUnit::utf16 ? "half of a surrogate pair: the offsets are not UTF-16 units"
                                              : "inside a UTF-8 sequence") + ")");
          continue;
        }
        if (*s >= *e || *e > length) {
          fail("span " + where + " covers only characters that normalisation removes (a BOM or the CR of a CRLF)");
          continue;
        }
        if (label.text) {
          std::string stored_text(stored.slice(article->text, *s, *e));
          if (label.text_flattened) {
            for (auto& c : stored_text) {
              if (c == '\n' || c == '\t') c = ' ';
            }
          }
          if (normalize_fragment(*label.text) != stored_text) {
            fail("label text does not match article '" + doc.id + "' at " + where + ": label says " +
                 quote_short(*label.text) + ", article has " + quote_short(stored_text));
            continue;
          }
        }
        a.start = *s;
        a.end = *e;
        for (const auto& p : article->passages) {
          if (*s >= p.start && *s < p.end) a.passage_index = p.index;
        }
        if (a.unit == UnitKind::passage) {
          std::optional<int> exact;
          for (const auto& p : article->passages) {
            if (p.start == *s && p.end == *e) exact = p.index;
          }
          if (!exact) {
            std::string hint;
            if (a.passage_index) {
              const auto& p = article->passages[static_cast<std::size_t>(*a.passage_index)];
              hint = " (passage " + std::to_string(p.index) + " is [" + std::to_string(p.start) + ", " + std::to_string(p.end) + ") in code points)";
            }
            fail("dimension \"" + a.dimension + "\" is labelled per passage, but span " + where +
                 " is not exactly one passage of article '" + doc.id + "'" + hint);
            continue;
          }
          a.passage_index = exact;
          a.start.reset();
          a.end.reset();
        }
      }
      if (auto it = existing.find(key_of(a)); it != existing.end()) {
        existing.erase(it);
        ++stats.labels_already_stored;
        continue;
      }
      to_store.push_back(std::move(a));
      label_of_stored.push_back(label_idx);
    }
    const auto results = study.add_annotations(to_store);
    for (std::size_t stored_idx = 0; stored_idx < results.size(); ++stored_idx) {
      if (results[stored_idx].error.empty()) {
        ++stats.labels_stored;
        continue;
      }
      Diagnostic d;
      d.where = doc.labels[label_of_stored[stored_idx]].where;
      d.message = results[stored_idx].error;
      problems.emplace_back(label_of_stored[stored_idx], std::move(d));
      ++stats.labels_rejected;
    }
    std::stable_sort(problems.begin(), problems.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
    for (auto& [label_idx, d] : problems) sink(std::move(d));
  }
};

LabelImporter::LabelImporter(Study& study, ImportOptions options)
    : impl_(std::make_unique<Impl>(study, std::move(options))) {}
LabelImporter::~LabelImporter() = default;

void LabelImporter::add(ForeignDocument&& document, const DiagnosticSink& diagnostics) {
  impl_->add(std::move(document), diagnostics);
}

const ImportStats& LabelImporter::stats() const { return impl_->stats; }

void read_labels(LabelFormat format, const std::vector<std::string>& paths, const ReadOptions& options,
                 const LabelMap* map, const DocumentSink& sink, const DiagnosticSink& diagnostics) {
  switch (format) {
    case LabelFormat::brat: read_brat(paths, options, sink, diagnostics); return;
    case LabelFormat::webanno_tsv: read_webanno_tsv(paths, options, map, sink, diagnostics); return;
    case LabelFormat::xmi: read_xmi(paths, options, map, sink, diagnostics); return;
    case LabelFormat::label_studio: read_label_studio(paths, options, sink, diagnostics); return;
    case LabelFormat::doccano: read_doccano(paths, options, sink, diagnostics); return;
    case LabelFormat::ptc: read_ptc(paths, options, sink, diagnostics); return;
    case LabelFormat::csv: read_csv_labels(paths, options, sink, diagnostics); return;
    case LabelFormat::jsonl:
    case LabelFormat::agreement: break;
  }
  throw std::logic_error("read_labels: format " + std::string(to_string(format)) + " has no reader here");
}

}  // namespace credence::annotate
