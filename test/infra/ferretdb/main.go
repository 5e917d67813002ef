// Command ferretdb-test-server runs an embedded FerretDB v1 (SQLite handler)
// as a MongoDB-wire-protocol server for CI tests. It is NOT for production.
//
// Usage:
//
//	ferretdb-test-server -dir /tmp/x/data -url-file /tmp/x/url [-host 127.0.0.1] [-port 0]
//
// With -port 0 (default) the OS picks a free port; the listener is bound
// synchronously inside ferretdb.New, so there is no pick-then-close race.
// Once listening, the MongoDB URL (e.g. mongodb://127.0.0.1:41234/) is
// written atomically to -url-file. SIGINT/SIGTERM shut the server down cleanly.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	dir := flag.String("dir", "", "directory for SQLite data files (created if missing)")
	urlFile := flag.String("url-file", "", "file to write the MongoDB URL to once ready")
	host := flag.String("host", "127.0.0.1", "listen host")
	port := flag.Int("port", 0, "listen port (0 = pick a free port)")
	logLevel := flag.String("log-level", "warn", "log level: debug, info, warn, error")
	flag.Parse()

	if err := run(*dir, *urlFile, *host, *port, *logLevel); err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb-test-server:", err)
		os.Exit(1)
	}
}

func run(dir, urlFile, host string, port int, logLevel string) error {
	if dir == "" {
		return fmt.Errorf("-dir is required")
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(logLevel)); err != nil {
		return fmt.Errorf("bad -log-level %q: %w", logLevel, err)
	}

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	slog.SetDefault(logger)

	absDir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}

	if err = os.MkdirAll(absDir, 0o755); err != nil {
		return err
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener: ferretdb.ListenerConfig{
			TCP: net.JoinHostPort(host, strconv.Itoa(port)),
		},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + filepath.ToSlash(absDir) + "/",
	})
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	done := make(chan error, 1)

	go func() {
		done <- f.Run(ctx)
	}()

	// The TCP listener is already bound by ferretdb.New, so the URL is usable now.
	uri := f.MongoDBURI()

	if urlFile != "" {
		if err = writeAtomic(urlFile, uri+"\n"); err != nil {
			stop()
			<-done

			return err
		}
	} else {
		fmt.Println(uri)
	}

	logger.Warn("ferretdb-test-server ready", "url", strings.TrimSpace(uri), "dir", absDir)

	err = <-done

	logger.Warn("ferretdb-test-server stopped")

	return err
}

func writeAtomic(path, content string) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(content), 0o644); err != nil {
		return err
	}

	return os.Rename(tmp, path)
}
