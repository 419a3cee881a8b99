// Command nhilint lints the non-human identities of a repository: the
// tokens, keys and cloud roles its CI/CD pipelines use.
package main

import (
	"context"
	"os"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}
