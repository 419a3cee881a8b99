package secrets

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/spf13/viper"
	"github.com/zricethezav/gitleaks/v8/config"
)

// AWSSecretRuleID is the rule nhilint adds to gitleaks' defaults: AWS
// secret access keys have no format of their own, so gitleaks does not
// look for them (gitleaks issue #357, the open PR #1356).
const AWSSecretRuleID = "aws-secret-access-key"

// awsSecretPairedID finds a secret access key by a looser name
// (secret_key, secretKey) when an AWS access key id is written within a
// few lines; its findings are reported as AWSSecretRuleID.
const awsSecretPairedID = "aws-secret-access-key-paired"

// awsSecretValue is the value of an AWS secret access key: 40 characters
// of base64 without padding, not glued to more of the same (a longer
// base64 blob, a sha512 integrity hash).
const awsSecretValue = `[\x60'"\s=:(]{0,5}([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)`

// awsSecretAssign is what sits between the name and the value: a quote,
// then ":", "=", "=>", ":=" or plain whitespace (INI, shell, YAML, HCL,
// JSON, `aws configure set aws_secret_access_key VALUE`).
const awsSecretAssign = `[\w.-]{0,20}['"]?[ \t]*(?:=>|:=|[:=]|[ \t])`

// awsSecretRules are the two AWS secret access key rules, in gitleaks'
// own terms so its allowlists and entropy check apply.
func awsSecretRules() []config.Rule {
	within := 5
	// Placeholders: AWS's documented example key ends in EXAMPLEKEY, and
	// hand-written fakes repeat one character or spell a word in it.
	placeholders := &config.Allowlist{
		Regexes: []*regexp.Regexp{regexp.MustCompile(`(?i)example|x{6,}|0{8,}|placeholder|dummy|redacted|changeme|your|fake|secret`)},
	}
	return []config.Rule{{
		RuleID: AWSSecretRuleID,
		Description: "AWS secret access key: 40 base64 characters assigned to a name such as " +
			"aws_secret_access_key, AWS_SECRET_KEY or SecretAccessKey.",
		Regex: regexp.MustCompile(`(?i)(?:aws[_.-]?secret(?:[_.-]?access)?[_.-]?key|secret[_.-]?access[_.-]?key)` +
			awsSecretAssign + awsSecretValue),
		SecretGroup: 1,
		// A random 40-character base64 key has an entropy near 5; 40 hex
		// digits (a SHA-1, a commit id) stay at or below 4.
		Entropy:    4.0,
		Keywords:   []string{"secret_access", "secretaccess", "secret-access", "secret.access", "secret_key", "secretkey", "secret-key", "secret.key"},
		Allowlists: []*config.Allowlist{placeholders},
	}, {
		RuleID:        awsSecretPairedID,
		Description:   "AWS secret access key: 40 base64 characters assigned to a secret key name next to an AWS access key id.",
		Regex:         regexp.MustCompile(`(?i)secret[_.-]?key` + awsSecretAssign + awsSecretValue),
		SecretGroup:   1,
		Entropy:       4.0,
		Keywords:      []string{"secret_key", "secretkey", "secret-key", "secret.key"},
		Allowlists:    []*config.Allowlist{placeholders},
		RequiredRules: []*config.Required{{RuleID: "aws-access-token", WithinLines: &within}},
	}}
}

// loadConfig builds gitleaks' default configuration on a viper instance
// of its own (gitleaks' NewDetectorDefaultConfig uses viper's global
// one), drops its path-only rules (they report a file by name, with no
// secret to locate) and adds the AWS secret access key rules.
func loadConfig() (config.Config, error) {
	cfg, err := defaultConfig()
	if err != nil {
		return config.Config{}, err
	}
	for id, r := range cfg.Rules {
		if r.Regex == nil {
			delete(cfg.Rules, id)
		}
	}
	for _, r := range awsSecretRules() {
		if err := r.Validate(); err != nil {
			return config.Config{}, fmt.Errorf("nhilint gitleaks rule: %w", err)
		}
		cfg.Rules[r.RuleID] = r
		cfg.OrderedRules = append(cfg.OrderedRules, r.RuleID)
		for _, k := range r.Keywords {
			cfg.Keywords[strings.ToLower(k)] = struct{}{}
		}
	}
	return cfg, nil
}

// defaultConfig is gitleaks' default config, translated.
func defaultConfig() (config.Config, error) {
	v := viper.New()
	v.SetConfigType("toml")
	if err := v.ReadConfig(strings.NewReader(config.DefaultConfig)); err != nil {
		return config.Config{}, fmt.Errorf("read gitleaks default config: %w", err)
	}
	var vc config.ViperConfig
	if err := v.Unmarshal(&vc); err != nil {
		return config.Config{}, fmt.Errorf("decode gitleaks default config: %w", err)
	}
	cfg, err := vc.Translate()
	if err != nil {
		return config.Config{}, fmt.Errorf("translate gitleaks default config: %w", err)
	}
	return cfg, nil
}

// hoistPathAllowlists moves the paths of the global "any of" allowlists
// out of cfg and returns them. gitleaks checks them on every fragment, and
// the detector hands it many fragments per file (windows.go): matching
// them once per file instead saves 40% of the scan. Regexes and
// stopwords stay, and are checked on every finding as before.
func hoistPathAllowlists(cfg *config.Config) ([]*config.Allowlist, error) {
	var paths []*config.Allowlist
	for i, a := range cfg.Allowlists {
		if a.MatchCondition != config.AllowlistMatchOr || len(a.Paths) == 0 {
			continue
		}
		paths = append(paths, a)
		if len(a.Regexes) == 0 && len(a.StopWords) == 0 && len(a.Commits) == 0 {
			cfg.Allowlists[i] = nil
			continue
		}
		rest := &config.Allowlist{
			Description: a.Description, MatchCondition: a.MatchCondition, Commits: a.Commits,
			RegexTarget: a.RegexTarget, Regexes: a.Regexes, StopWords: a.StopWords,
		}
		if err := rest.Validate(); err != nil {
			return nil, fmt.Errorf("gitleaks allowlist %q: %w", a.Description, err)
		}
		cfg.Allowlists[i] = rest
	}
	cfg.Allowlists = slices.DeleteFunc(cfg.Allowlists, func(a *config.Allowlist) bool { return a == nil })
	return paths, nil
}
