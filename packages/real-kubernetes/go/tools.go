//go:build tools

// Package tools pins the Kubernetes commands we build, so that go.mod and go.sum hold
// their whole module graph.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
)
