// Tests for format_doccano.cpp: the doccano reader's messages word for word, with line and JSON Pointer,
// and that the good lines and good label entries are still read.
#include "credence/annotate/format_doccano.hpp"

#include <gtest/gtest.h>

#include "format_test_util.hpp"
#include "test_util.hpp"

namespace ann = credence::annotate;
using credence::testing::read_input;
using credence::testing::TempDir;
using credence::testing::write_input;

TEST(DoccanoReader, BadLinesAndLabelEntries) {
  TempDir dir;
  const auto file = write_input(
      dir / "d.jsonl",
      "{\"text\": \"They are thugs.\", \"label\": [[9, 14, \"loaded_language.name_calling\"]]}\n"      // 1 good
      "[1, 2]\n"                                                                                     // 2
      "{\"label\": []}\n"                                                                            // 3
      "{\"text\": \"x\", \"label\": \"tone.pro\"}\n"                                                 // 4
      "{\"text\": \"x\", \"label\": [[-1, 2, \"a\"], 5, \"tone.pro\"], \"labels\": 3}\n"             // 5
      "{\"text\": \"x\", \"entities\": [{\"start_offset\": 0, \"label\": \"a\"}], \"cats\": [true]}\n"  // 6
      "{\"text\": \"caf\xE9\"}\n");                                                                  // 7
  const auto r = read_input(ann::LabelFormat::doccano, {file});
  EXPECT_EQ(r.messages,
            (std::vector<std::string>{
                file + ":2: error: expected a JSON object per line",
                file + ":3: error: at /text: missing \"text\" (doccano lines carry the document text)",
                file + ":4: error: at /label: \"label\" must be an array",
                file + ":5: error: at /label/0: expected [start, end, label] with whole, non-negative offsets",
                file + ":5: error: at /label/1: expected a class name or [start, end, label]",
                file + ":5: error: at /labels: \"labels\" must be an array",
                file + ":6: error: at /entities/0: expected {\"start_offset\", \"end_offset\", \"label\"}",
                file + ":6: error: at /cats/0: expected a class name",
                file + ":7: error: invalid UTF-8 at byte 13 of the line; save the file as UTF-8"}));
  // Lines 4-6 still make documents (with their good entries); lines 2, 3 and 7 do not.
  EXPECT_EQ(r.label_names, (std::vector<std::vector<std::string>>{{"loaded_language.name_calling"}, {}, {"tone.pro"}, {}}));
}
