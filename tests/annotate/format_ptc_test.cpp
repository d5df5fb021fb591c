// Tests for format_ptc.cpp: the PTC (SemEval-2020 Task 11) label reader's messages word for word, and that
// the good lines of a label file are still read.
#include "credence/annotate/format_ptc.hpp"

#include <gtest/gtest.h>

#include "format_test_util.hpp"
#include "test_util.hpp"

namespace ann = credence::annotate;
using credence::testing::read_input;
using credence::testing::TempDir;
using credence::testing::write_input;

TEST(PtcReader, BadLines) {
  TempDir dir;
  const auto file = write_input(dir / "ann1.labels",
                                "111\tLoaded_Language\t9\t14\n"  // 1 good
                                "111 Loaded_Language 9 14\n"     // 2
                                "111\tDoubt\ta\t14\n"            // 3
                                "\tDoubt\t1\t2\n"                // 4
                                "111\t1\t2\t3\t4\n"              // 5
                                "111\tDoubt\t0\t4\n");           // 6 good
  const auto r = read_input(ann::LabelFormat::ptc, {file});
  EXPECT_EQ(r.messages,
            (std::vector<std::string>{
                file + ":2:1: error: expected ID<TAB>TECHNIQUE<TAB>START<TAB>END (or ID<TAB>START<TAB>END), got 1 fields",
                file + ":3:11: error: offsets must be whole numbers, got 'a' and '14'",
                file + ":4:1: error: empty article id",
                file + ":5:1: error: expected ID<TAB>TECHNIQUE<TAB>START<TAB>END (or ID<TAB>START<TAB>END), got 5 fields"}));
  EXPECT_EQ(r.label_names, (std::vector<std::vector<std::string>>{{"Loaded_Language", "Doubt"}}));
}
