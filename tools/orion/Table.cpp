//===- Table.cpp - Aligned text tables for CLI output ---------------------===//

#include "Table.h"

#include <algorithm>
#include <cstdio>

namespace orion::cli {

static bool looksNumeric(const std::string &s) {
  return !s.empty() && (std::isdigit((unsigned char)s[0]) ||
                        ((s[0] == '-' || s[0] == '+') && s.size() > 1 &&
                         std::isdigit((unsigned char)s[1])));
}

void Table::print(std::ostream &os) const {
  std::vector<size_t> widths;
  for (const auto &row : rows_)
    for (size_t i = 0; i < row.size(); ++i) {
      if (widths.size() <= i)
        widths.push_back(0);
      widths[i] = std::max(widths[i], row[i].size());
    }
  for (size_t r = 0; r < rows_.size(); ++r) {
    const auto &row = rows_[r];
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      std::string pad(widths[i] - row[i].size(), ' ');
      bool right = r > 0 && looksNumeric(row[i]);
      line += right ? pad + row[i] : row[i] + pad;
      if (i + 1 < row.size())
        line += "  ";
    }
    while (!line.empty() && line.back() == ' ')
      line.pop_back();
    os << line << "\n";
  }
}

} // namespace orion::cli
