package deliver

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// testServer is a real SMTP server on 127.0.0.1 (github.com/emersion/go-smtp)
// with STARTTLS or implicit TLS, AUTH PLAIN, and scripted refusals.
type testServer struct {
	addr     string
	port     int
	roots    *x509.CertPool
	user     string
	password string

	mu       sync.Mutex
	received []delivery
	auths    int            // AUTH attempts
	rcptFail map[string]int // address → permanent code for every RCPT
	rcptTemp map[string]int // address → number of 451 answers to RCPT before accepting
	dataTemp map[string]int // address → number of 451 answers after DATA before accepting
	conns    int            // sessions: go-smtp starts a new one after STARTTLS
}

// delivery is one accepted SMTP transaction.
type delivery struct {
	from  string
	rcpts []string
	data  []byte
}

type serverMode int

const (
	modeSTARTTLS serverMode = iota
	modeImplicitTLS
	modeNoTLS
)

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "lwc test smtp"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:              []string{"localhost"},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}

func startServer(t *testing.T, mode serverMode) *testServer {
	t.Helper()
	cert, pool := selfSigned(t)
	ts := &testServer{
		roots: pool, user: "lwc-sender", password: "s3cret-Pa55word!",
		rcptFail: map[string]int{}, rcptTemp: map[string]int{}, dataTemp: map[string]int{},
	}
	s := smtp.NewServer(ts)
	s.Domain = "localhost"
	s.ReadTimeout = 10 * time.Second
	s.WriteTimeout = 10 * time.Second
	s.MaxRecipients = 50
	tlsConfig := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	switch mode {
	case modeSTARTTLS:
		s.TLSConfig = tlsConfig // STARTTLS offered; AUTH only after it
	case modeImplicitTLS:
		s.TLSConfig = tlsConfig
		l = tls.NewListener(l, tlsConfig)
	case modeNoTLS:
	}
	ts.addr = l.Addr().String()
	ts.port = l.Addr().(*net.TCPAddr).Port
	go s.Serve(l)
	t.Cleanup(func() { s.Close() })
	return ts
}

func (ts *testServer) NewSession(c *smtp.Conn) (smtp.Session, error) {
	ts.mu.Lock()
	ts.conns++
	ts.mu.Unlock()
	return &testSession{ts: ts}, nil
}

func (ts *testServer) deliveries() []delivery {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]delivery(nil), ts.received...)
}

type testSession struct {
	ts     *testServer
	authed bool
	from   string
	rcpts  []string
}

func (s *testSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *testSession) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		s.ts.mu.Lock()
		s.ts.auths++
		s.ts.mu.Unlock()
		if username != s.ts.user || password != s.ts.password {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "bad credentials"}
		}
		s.authed = true
		return nil
	}), nil
}

func (s *testSession) Mail(from string, opts *smtp.MailOptions) error {
	if !s.authed {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *testSession) Rcpt(to string, opts *smtp.RcptOptions) error {
	s.ts.mu.Lock()
	defer s.ts.mu.Unlock()
	if code := s.ts.rcptFail[to]; code != 0 {
		return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "mailbox unavailable: " + to}
	}
	if s.ts.rcptTemp[to] > 0 {
		s.ts.rcptTemp[to]--
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "greylisted, try again later"}
	}
	s.rcpts = append(s.rcpts, to)
	return nil
}

func (s *testSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.ts.mu.Lock()
	defer s.ts.mu.Unlock()
	for _, to := range s.rcpts {
		if s.ts.dataTemp[to] > 0 {
			s.ts.dataTemp[to]--
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "local error in processing"}
		}
	}
	if len(s.rcpts) == 0 {
		return errors.New("no recipients")
	}
	s.ts.received = append(s.ts.received, delivery{from: s.from, rcpts: append([]string(nil), s.rcpts...), data: data})
	return nil
}

func (s *testSession) Reset() { s.from, s.rcpts = "", nil }

func (s *testSession) Logout() error { return nil }

// receivedBy groups deliveries by envelope recipient.
func receivedBy(ds []delivery) map[string][]delivery {
	m := map[string][]delivery{}
	for _, d := range ds {
		for _, r := range d.rcpts {
			m[strings.ToLower(r)] = append(m[strings.ToLower(r)], d)
		}
	}
	return m
}
