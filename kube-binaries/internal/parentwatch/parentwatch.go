// Package parentwatch ends a test server when the process that started it is gone, so that a test JVM killed
// before its clean-up leaves no kube-apiserver or etcd running.
package parentwatch

import (
	"os"
	"time"
)

// Start exits the process once its parent has changed (the parent died and the process was re-parented).
func Start() {
	parent := os.Getppid()
	go func() {
		for range time.Tick(time.Second) {
			if os.Getppid() != parent {
				os.Exit(1)
			}
		}
	}()
}
