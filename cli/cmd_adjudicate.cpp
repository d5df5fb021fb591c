// `credence adjudicate STUDY --method M`: one label per unit from the annotators' labels, stored as
// annotator "derived:<method>" (earlier derived labels of that method are replaced, with history),
// with each annotator's estimated competence.
#include <boost/json.hpp>
#include <iomanip>

#include "commands.hpp"
#include "consensus_util.hpp"
#include "study_util.hpp"

namespace credence::cli {

namespace ann = credence::annotate;
namespace sc = credence::scoring;

namespace {

int run_adjudicate(const Args& args, Context& context) {
  if (!args.has("--method")) throw UsageError{"--method is required: majority, dawid-skene or mace"};
  const auto settings = consensus_settings(args);
  auto study = open_study(args.positional.at(0), context, "adjudicate");
  if (!study) return k_exit_io;
  const StudyData data = load_study_data(*study, args.has("--include-old-versions"));
  if (data.labels.empty()) {
    context.err << "credence adjudicate: " << data.no_labels_reason() << "\n";
    return k_exit_usage;
  }
  const auto consensus = build_consensus(data, settings);
  if (consensus.dimensions.empty()) {
    context.err << "credence adjudicate: no dimension \"" << settings.only_dimension
                << "\" in the study's rubrics (use RUBRIC/DIMENSION or a dimension id)\n";
    return k_exit_usage;
  }
  const std::string derived = sc::derived_annotator(settings.method);
  std::size_t stored = 0, replaced = 0;
  try {
    ann::Study::Transaction tx(*study);
    for (const auto& d : consensus.dimensions) {
      ann::AnnotationFilter filter;
      filter.rubric_id = d.rubric->id;
      filter.dimension = d.dimension->id;
      filter.annotators = {derived};
      for (const auto& old : study->current_annotations(filter)) {
        ann::Annotation removal = old;
        removal.supersedes = old.id;
        removal.deleted = true;
        removal.created_at.clear();
        study->add_annotation(removal);
        ++replaced;
      }
      for (const auto& label : d.result.labels) {
        if (label.annotator != derived) continue;  // curated labels are already stored
        study->add_annotation(label);
        ++stored;
      }
    }
    tx.commit();
  } catch (const ann::StoreError& e) {
    context.err << "credence adjudicate: " << e.what() << "\nnothing was stored\n";
    return k_exit_io;
  } catch (const std::invalid_argument& e) {
    context.err << "credence adjudicate: internal inconsistency: " << e.what() << "\nnothing was stored\n";
    return k_exit_internal;
  }

  if (args.has("--json")) {
    boost::json::object o;
    o["method"] = sc::aggregation_method_name(settings.method);
    o["annotator"] = derived;
    o["stored"] = stored;
    o["replaced"] = replaced;
    boost::json::array dims;
    for (const auto& d : consensus.dimensions) {
      const auto& fit = d.result.fit;
      boost::json::object x;
      x["rubric"] = d.rubric->id;
      x["dimension"] = d.dimension->id;
      x["units"] = d.result.items;
      x["curated_units"] = d.result.curated_units;
      x["unlabelled_units"] = d.result.unlabelled_units;
      x["iterations"] = fit.iterations;
      x["converged"] = fit.converged;
      boost::json::array classes, workers;
      for (const auto& c : d.result.classes) classes.push_back(boost::json::string(c));
      for (std::size_t w = 0; w < d.result.workers.size(); ++w) {
        boost::json::object wj;
        wj["annotator"] = d.result.workers[w];
        if (w < fit.competence.size()) wj["competence"] = fit.competence[w];
        if (!fit.confusion.empty()) {
          boost::json::array matrix;
          for (std::size_t t = 0; t < fit.n_classes; ++t) {
            boost::json::array row;
            for (std::size_t g = 0; g < fit.n_classes; ++g) row.push_back(fit.confusion_at(w, t, g));
            matrix.push_back(row);
          }
          wj["confusion"] = matrix;
        }
        if (!fit.spamming.empty()) {
          boost::json::array spam;
          for (std::size_t c = 0; c < fit.n_classes; ++c) spam.push_back(fit.spamming[w * fit.n_classes + c]);
          wj["spamming"] = spam;
        }
        workers.push_back(wj);
      }
      x["classes"] = classes;
      x["annotators"] = workers;
      boost::json::array notes;
      for (const auto& n : fit.notes) notes.push_back(boost::json::string(n));
      if (!fit.error.empty()) notes.push_back(boost::json::string(fit.error));
      x["notes"] = notes;
      dims.push_back(x);
    }
    o["dimensions"] = dims;
    context.out << boost::json::serialize(o) << "\n";
    return k_exit_ok;
  }
  context.out << "adjudicated with " << sc::aggregation_method_name(settings.method) << " over "
              << consensus.raters.size() << " annotators; stored " << stored << " labels as " << derived;
  if (replaced > 0) context.out << " (replacing " << replaced << " earlier ones; history kept)";
  context.out << "\n";
  for (const auto& d : consensus.dimensions) {
    const auto& fit = d.result.fit;
    context.out << "\n" << d.rubric->id << " / " << d.dimension->id << ": " << d.result.items << " units";
    if (d.result.curated_units > 0) context.out << " (" << d.result.curated_units << " settled by curated labels)";
    if (d.result.unlabelled_units > 0) context.out << ", " << d.result.unlabelled_units << " without a label";
    if (settings.method != sc::AggregationMethod::majority) {
      context.out << "; EM " << (fit.converged ? "converged" : "did not converge") << " after " << fit.iterations
                  << " iterations";
    }
    context.out << "\n";
    for (std::size_t w = 0; w < d.result.workers.size() && w < fit.competence.size(); ++w) {
      context.out << "  " << std::left << std::setw(24) << d.result.workers[w] << "competence " << std::fixed
                  << std::setprecision(3) << fit.competence[w] << std::defaultfloat << "\n";
    }
    for (const auto& n : fit.notes) context.out << "  note: " << n << "\n";
    if (!fit.error.empty()) context.out << "  note: " << fit.error << "\n";
  }
  return k_exit_ok;
}

}  // namespace

Command make_adjudicate_command() {
  Command c;
  c.name = "adjudicate";
  c.summary = "derive one label per unit (majority, Dawid-Skene, MACE) with annotator competence";
  c.usage = "credence adjudicate STUDY --method majority|dawid-skene|mace [--min-annotators K] [--json]";
  c.description =
      "Human annotators' labels are aggregated per unit (span dimensions: per group of overlapping spans).\n"
      "A curated label (annotator \"adjudicated\") overrides the derived one for its unit. The result is\n"
      "stored as annotator derived:<method>; earlier derived labels of that method are replaced.";
  c.options = {{"--method", "M", "majority, dawid-skene or mace"},
               {"--min-annotators", "K", "units with fewer labels get none (default 1)"},
               {"--annotators", "LIST", "annotators to aggregate (default: all humans)"},
               {"--dimension", "ID", "only this dimension (ID or RUBRIC/ID)"},
               {"--seed", "S", "seed for MACE restarts and tie-breaks (default 1)"},
               {"--include-old-versions", "", "use labels made under older rubric versions too"},
               {"--json", "", "print one JSON object"}};
  c.min_positional = 1;
  c.max_positional = 1;
  c.run = run_adjudicate;
  return c;
}

}  // namespace credence::cli
