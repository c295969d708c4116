#!/bin/sh
# usage: on-small-disk.sh DIR SCRIPT
# Runs SCRIPT (with sh) while a 1 MiB tmpfs is mounted at DIR, in a private
# mount namespace (so nothing outside sees it); lit's `tmpfs-mount` feature
# says whether this machine allows that. Files on it vanish afterwards.
dir=$1
shift
exec unshare -m sh -c "mount -t tmpfs -o size=1m orion-small-disk '$dir' && $1"
