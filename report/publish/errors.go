package publish

import "errors"

// errNoExchange: the system cannot swap two names atomically.
var errNoExchange = errors.New("atomic exchange not supported")
