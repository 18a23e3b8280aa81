package simulate_test

import (
	"fmt"

	"github.com/maskedauth/maskedauth/internal/simulate"
)

func ExampleMaskEmail() {
	fmt.Println(simulate.MaskEmail("alice@example.com"))
	// Output: a***@e***
}

func ExampleMaskPhone() {
	fmt.Println(simulate.MaskPhone("+12065551234"))
	// Output: +*******1234
}

func ExampleSimulator_Delivery() {
	s := simulate.New([]byte("a secret of the pool"))
	d := s.Delivery("us-east-1_AbCdEf123", "bob@example.org", []string{"email"})
	fmt.Println(d.DeliveryMedium, d.AttributeName, d.Destination)
	// Output: EMAIL email b***@e***
}

func ExampleSimulator_SRPUserID() {
	s := simulate.New([]byte("a secret of the pool"))
	id := s.SRPUserID("us-east-1_AbCdEf123", "nobody")
	fmt.Println(len(id), id == s.SRPUserID("us-east-1_AbCdEf123", "nobody"))
	// Output: 36 true
}

func ExampleSimulator_SRPSalt() {
	s := simulate.New([]byte("a secret of the pool"))
	salt := s.SRPSalt("us-east-1_AbCdEf123", "nobody")
	fmt.Println(len(salt), fmt.Sprintf("%x", salt) == fmt.Sprintf("%x", s.SRPSalt("us-east-1_AbCdEf123", "nobody")))
	// Output: 16 true
}

func ExampleIsE164() {
	fmt.Println(simulate.IsE164("+12065551234"), simulate.IsE164("2065551234"))
	// Output: true false
}

func ExampleSimulator_StableFactor() {
	s := simulate.New([]byte("a secret of the pool"))
	pool := simulate.PoolFactors{Allowed: []string{"PASSWORD", "EMAIL_OTP"}, EmailConfigured: true}
	k := simulate.Key("nobody@example.com", []string{"email"}, nil)
	first := s.StableFactor("us-east-1_Example", k, pool)
	again := s.StableFactor("us-east-1_Example", simulate.Key("NOBODY@example.com", []string{"email"}, nil), pool)
	fmt.Println(first == again, first == "PASSWORD" || first == "EMAIL_OTP")
	// Output: true true
}
