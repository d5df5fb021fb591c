// Tests for format_brat.cpp: the brat reader's messages word for word (a missing .txt, a .ann that is not
// UTF-8, each kind of malformed line), and that the good annotations of a file are still read.
#include "credence/annotate/format_brat.hpp"

#include <gtest/gtest.h>

#include "format_test_util.hpp"
#include "test_util.hpp"

namespace ann = credence::annotate;
using credence::testing::read_input;
using credence::testing::TempDir;
using credence::testing::write_input;

TEST(BratReader, MalformedLines) {
  TempDir dir;
  write_input(dir / "ann1" / "doc.txt", "They are thugs and liars.\n");
  const auto file = write_input(dir / "ann1" / "doc.ann",
                                "T1\tThugs 9 14\tthugs\n"          // 1 good
                                "T2\n"                             // 2
                                "T3\tThugs 9 x\tthugs\n"           // 3
                                "T1\tLiars 19 24\tliars\n"         // 4
                                "A1\n"                             // 5
                                "A2\tNegated\n"                    // 6
                                "#1\tAnnotatorNotes T1\n"          // 7
                                "#2\tAnnotatorNotes\tno target\n"  // 8
                                "A3\tNegated T9\n"                 // 9
                                "Tx\tThugs 1 2\tx\n"               // 10
                                "T5\t 1 2\tx\n"                    // 11
                                "T6\tThugs 0 4;5 8\tThey are\n"    // 12
                                "R1\tRel Arg1:T1 Arg2:T1\n"        // 13
                                "X1\tfoo\n"                        // 14
                                "#3\tAnnotatorNotes T1\tvery rude\n");  // 15 good
  const auto r = read_input(ann::LabelFormat::brat, {(dir / "ann1").string()});
  EXPECT_EQ(r.messages,
            (std::vector<std::string>{
                file + ":2:1: error: expected T<n><TAB>TYPE START END<TAB>TEXT",
                file + ":3:10: error: expected TYPE START END with whole-number offsets, got 'Thugs 9 x'",
                file + ":4:1: error: annotation id T1 is used twice",
                file + ":5:1: error: bad attribute line; expected A<n><TAB>NAME T<n> [VALUE]",
                file + ":6:4: error: expected NAME T<n> [VALUE], got 'Negated'",
                file + ":7:1: error: expected #<n><TAB>AnnotatorNotes T<n><TAB>NOTE",
                file + ":8:4: error: expected AnnotatorNotes T<n>",
                file + ":10:1: error: bad annotation id 'Tx'; text-bound ids are T followed by digits",
                file + ":11:4: error: bad or missing annotation type in ' 1 2'",
                file + ":12:4: error: discontinuous span (START END;START END) in T6; credence spans are contiguous, split it into two "
                       "annotations",
                file + ":13:1: warning: relations are not labels of a rubric and are skipped (first one here)",
                file + ":14:1: error: unknown annotation id 'X1'; brat lines start with T, A, M, R, E, N, # or *",
                file + ":9:1: error: attribute of T9, which is not a text-bound annotation in this file"}));
  EXPECT_EQ(r.label_names, std::vector<std::vector<std::string>>{{"Thugs"}});
}

TEST(BratReader, FilesThatCannotBeUsed) {
  TempDir dir;
  const auto lonely = write_input(dir / "ann1" / "lonely.ann", "T1\tThugs 0 5\tthugs\n");
  write_input(dir / "ann1" / "latin1.txt", "Caf\xC3\xA9 owners\n");
  const auto latin1 = write_input(dir / "ann1" / "latin1.ann", "T1\tCaf\xE9 0 4\tCaf\xE9\n");
  const auto r = read_input(ann::LabelFormat::brat, {(dir / "ann1").string()});
  EXPECT_EQ(r.messages,
            (std::vector<std::string>{latin1 + ": byte 6: error: invalid UTF-8 (mixed encodings?); save the .ann file as UTF-8",
                                      lonely + ": error: no lonely.txt beside it; brat offsets refer to that text file"}));
  EXPECT_TRUE(r.label_names.empty());
}
