// RUN: orion-opt --show-dialects | FileCheck %s

// orion-opt registers the orion and mil dialects (and what they need).
// The list is sorted by name.
// CHECK: Available Dialects: {{(.*,)?}}mil,{{(.*,)?}}orion{{(,.*)?$}}
