//===- Table.h - Aligned text tables for CLI output -------------*- C++ -*-===//

#ifndef ORION_TOOLS_ORION_TABLE_H
#define ORION_TOOLS_ORION_TABLE_H

#include <ostream>
#include <string>
#include <vector>

namespace orion::cli {

/// Collects rows and prints them with columns padded to their widest cell;
/// numeric-looking cells are right-aligned.
class Table {
public:
  explicit Table(std::vector<std::string> header) {
    rows_.push_back(std::move(header));
  }
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void print(std::ostream &os) const;

private:
  std::vector<std::vector<std::string>> rows_;
};

/// "%.6g" formatting for statistics.
std::string formatNumber(double value);
/// "12.3 MiB"-style sizes.
std::string formatBytes(uint64_t bytes);

} // namespace orion::cli

#endif // ORION_TOOLS_ORION_TABLE_H
