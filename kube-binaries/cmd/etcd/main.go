// Command etcd is the real etcd server (go.etcd.io/etcd/server/v3/etcdmain) for the tests' API server, with two
// differences: a listen or advertise address of 0.0.0.0, which the test launcher asks for, becomes 127.0.0.1, so
// that the test cluster's etcd is reachable from this machine only; and it exits when the process that started it
// is gone.
package main

import (
	"os"
	"strings"

	"go.etcd.io/etcd/server/v3/etcdmain"

	"dev.ec2runner/kube-binaries/internal/parentwatch"
)

func main() {
	parentwatch.Start()
	args := make([]string, len(os.Args))
	for i, arg := range os.Args {
		args[i] = strings.ReplaceAll(arg, "//0.0.0.0:", "//127.0.0.1:")
	}
	etcdmain.Main(args)
}
