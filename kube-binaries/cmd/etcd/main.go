// Command etcd is the real etcd server (go.etcd.io/etcd/server/v3/etcdmain) for the tests' API server. Its one
// difference: a listen or advertise address of 0.0.0.0, which the test launcher asks for, becomes 127.0.0.1, so
// that the test cluster's etcd is reachable from this machine only.
package main

import (
	"os"
	"strings"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	args := make([]string, len(os.Args))
	for i, arg := range os.Args {
		args[i] = strings.ReplaceAll(arg, "//0.0.0.0:", "//127.0.0.1:")
	}
	etcdmain.Main(args)
}
