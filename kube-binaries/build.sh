#!/usr/bin/env bash
# Builds the tests' Kubernetes control plane from the Go modules pinned in this folder's go.mod and go.sum:
# kube-apiserver and kubectl from k8s.io/kubernetes, etcd from go.etcd.io/etcd/server/v3. The two servers' commands
# (cmd/) are theirs with two test safeguards: etcd listens on loopback only, and both exit when their parent is gone.
#
#   kube-binaries/build.sh DIR
#
# DIR receives kube-apiserver, etcd and kubectl. When DIR already holds the binaries of exactly these pins (a stamp
# of go.mod, go.sum and the sources here) nothing is built, so every build after the first costs a hash. The first
# build takes about 10 minutes on two cores (the Go module download included).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: kube-binaries/build.sh DIR}
release=$(sed -n 's#^\tk8s.io/kubernetes v\([0-9.]*\).*#\1#p' "$here/go.mod")

if ! command -v go >/dev/null 2>&1; then
  echo "kube-binaries: Go is needed to build the tests' kube-apiserver and etcd (Go 1.26 or newer:" \
    "https://go.dev/doc/install, or apt-get install golang on a recent Debian)" >&2
  exit 1
fi

stamp=$(cat "$here/go.mod" "$here/go.sum" "$here/build.sh" "$here"/cmd/*/*.go "$here"/internal/*/*.go | sha256sum | cut -c1-16)
if [ -f "$out/.stamp" ] && [ "$(cat "$out/.stamp")" = "$stamp" ] \
  && [ -x "$out/kube-apiserver" ] && [ -x "$out/etcd" ] && [ -x "$out/kubectl" ]; then
  exit 0
fi

echo "kube-binaries: building kube-apiserver, kubectl (Kubernetes $release) and etcd into $out;" \
  "the first build takes about 10 minutes on two cores" >&2
mkdir -p "$out"
# Built beside the folder and moved in: a test starting a server meanwhile finds either the old or the new binary.
work=$(mktemp -d "$out.build.XXXXXX")
trap 'rm -rf "$work"' EXIT
version="-X k8s.io/component-base/version.gitVersion=v$release -X k8s.io/client-go/pkg/version.gitVersion=v$release"
version="$version -X k8s.io/component-base/version.gitMajor=${release%%.*}"
version="$version -X k8s.io/client-go/pkg/version.gitMajor=${release%%.*}"
minor=${release#*.}
version="$version -X k8s.io/component-base/version.gitMinor=${minor%%.*}"
version="$version -X k8s.io/client-go/pkg/version.gitMinor=${minor%%.*}"
cd "$here"
export GOFLAGS=-mod=readonly
go build -trimpath -ldflags "-s -w" -o "$work/etcd" ./cmd/etcd
go build -trimpath -ldflags "-s -w $version" -o "$work/kube-apiserver" ./cmd/kube-apiserver
go build -trimpath -ldflags "-s -w $version" -o "$work/kubectl" k8s.io/kubernetes/cmd/kubectl
echo "$release" > "$work/VERSION"
for file in etcd kube-apiserver kubectl VERSION; do
  mv -f "$work/$file" "$out/$file"
done
echo "$stamp" > "$out/.stamp"
echo "kube-binaries: done ($("$out/kube-apiserver" --version))" >&2
