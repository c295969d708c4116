# -*- Python -*-
# lit configuration for Orion's FileCheck tests.

import os
import sys

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "ORION"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".mil", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.orion_obj_root, "test")
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "Inputs",
                   "unittests", "reference", "fuzz"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%python", sys.executable))
config.substitutions.append(("%orion_src_root", config.orion_src_root))
config.substitutions.append(("%orion_obj_root", config.orion_obj_root))

llvm_config.use_default_substitutions()
# ORION_NPM_CHECKS=1 enables the tests that run the npm package gpt-3-encoder
# live (REQUIRES: npm-checks, e.g. tools/orion/tokenize-npm.test); the
# default suite reads their committed output and stays offline. They run
# `npm install` (once): npm needs HOME and any proxy, registry and CA
# certificate settings.
if os.environ.get("ORION_NPM_CHECKS") == "1":
    config.available_features.add("npm-checks")
    llvm_config.with_system_environment(
        ["HOME", "http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY",
         "HTTPS_PROXY", "NO_PROXY", "NPM_CONFIG_REGISTRY",
         "npm_config_registry", "NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE",
         "SSL_CERT_DIR"])
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

# Full-disk tests (REQUIRES: tmpfs-mount) mount a tiny tmpfs in a private
# mount namespace (test/tools/Inputs/on-small-disk.sh): root, or a user
# namespace with mount rights, only.
def _can_mount_tmpfs():
    import subprocess
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        try:
            return subprocess.run(
                ["unshare", "-m", "sh", "-c",
                 "mount -t tmpfs -o size=64k orion-probe '%s'" % d],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                timeout=10).returncode == 0
        except (OSError, subprocess.SubprocessError):
            return False
if _can_mount_tmpfs():
    config.available_features.add("tmpfs-mount")

# The ane device is built (macOS, or Linux with GNUstep); on Linux it runs
# against the contract stand-in, build/lib/libOrionAneStandIn.so.
if config.orion_ane_device == "ON":
    config.available_features.add("ane-device")
    if sys.platform != "darwin":
        config.available_features.add("ane-standin")
        config.substitutions.append(
            ("%ane_standin", os.path.join(config.orion_obj_root, "lib",
                                          "libOrionAneStandIn.so")))
        config.substitutions.append(
            ("%iosurface_standin",
             os.path.join(config.orion_obj_root, "lib",
                          "libOrionIOSurfaceStandIn.so")))

tool_dirs = [config.orion_tools_dir, config.llvm_tools_dir]
tools = ["orion-opt", "orion-translate", "orion"]
llvm_config.add_tool_substitutions(
    [ToolSubst(t, unresolved="ignore") for t in tools], tool_dirs)
