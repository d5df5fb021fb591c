// Tests for format_label_studio.cpp: the Label Studio reader's messages word for word, each at its JSON
// Pointer (or line of a JSON Lines file), and that the good results of a task are still read.
#include "credence/annotate/format_label_studio.hpp"

#include <gtest/gtest.h>

#include "format_test_util.hpp"
#include "test_util.hpp"

namespace ann = credence::annotate;
using credence::testing::read_input;
using credence::testing::TempDir;
using credence::testing::write_input;

TEST(LabelStudioReader, MalformedTasks) {
  TempDir dir;
  const auto file = write_input(dir / "ls.json", R"([5,
 {"data": {"text": "They are thugs."}, "annotations": {}},
 {"data": {"text": "They are thugs."}, "annotations": [7, {"result": 3}, {"result": [
   8,
   {"type": "labels"},
   {"type": "polygon", "value": {}},
   {"type": "labels", "value": {"start": 0, "end": 1}},
   {"type": "choices", "value": {"choices": [5, "tone.pro"]}}]}]}
])");
  const auto r = read_input(ann::LabelFormat::label_studio, {file});
  const std::string result = file + "#/2/annotations/2/result/";
  EXPECT_EQ(r.messages, (std::vector<std::string>{
                            file + "#/0: error: expected a task object",
                            file + "#/1/annotations: error: \"annotations\" must be an array",
                            file + "#/2/annotations/0: error: expected an annotation object",
                            file + "#/2/annotations/1/result: error: annotation without a \"result\" array",
                            result + "0: error: expected a result object",
                            result + "1/value: error: result without a \"value\" object",
                            result + "2/type: error: result type \"polygon\" is not supported (labels and choices are)",
                            result + "3/value/labels: error: missing \"labels\" list",
                            result + "4/value/choices/0: error: label names must be strings"}));
  EXPECT_EQ(r.label_names, (std::vector<std::vector<std::string>>{{"tone.pro"}}));
}

TEST(LabelStudioReader, FilesThatAreNotTasks) {
  TempDir dir;
  const auto number = write_input(dir / "number.json", "42\n");
  const auto latin1 = write_input(dir / "latin1.json", "[{\"data\": {\"text\": \"caf\xE9\"}}]");
  const auto lines = write_input(dir / "tasks.jsonl", "{\"data\": {\"text\": \"They are thugs.\"}}\n{\"data\": {\"text\": \"caf\xE9\"}}\n");
  const auto r = read_input(ann::LabelFormat::label_studio, {number, latin1, lines});
  EXPECT_EQ(r.messages,
            (std::vector<std::string>{number + ": error: expected an array of Label Studio tasks",
                                      latin1 + ": byte 23: error: invalid UTF-8 (mixed encodings?); save the file as UTF-8",
                                      lines + ":2:23: error: invalid UTF-8; save the file as UTF-8"}));
  EXPECT_EQ(r.label_names, (std::vector<std::vector<std::string>>{{}}));
}
