package publish

import "errors"

// errNoExchange: the system cannot swap two names atomically.
var errNoExchange = errors.New("atomic exchange not supported")

// errNoSyncFS: the system cannot flush a filesystem at once.
var errNoSyncFS = errors.New("syncfs not supported")
