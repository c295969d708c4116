//===- Table.h - Aligned text tables for CLI output -------------*- C++ -*-===//

#ifndef ORION_TOOLS_ORION_TABLE_H
#define ORION_TOOLS_ORION_TABLE_H

#include "orion/format/Units.h"

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

// The CLI's number formats are the runtime's.
using ::orion::rt::formatBytes;
using ::orion::rt::formatNumber;

} // namespace orion::cli

#endif // ORION_TOOLS_ORION_TABLE_H
