package srpauth_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"math/big"
	"time"

	"github.com/maskedauth/maskedauth/srpauth"
)

// The "basic" vector of the reference client: a fixed secret a, the server's challenge, and
// the proof it expects.
func ExampleEphemeral_Sign() {
	a, _ := new(big.Int).SetString("12473bedea45026b4ae432a55e1c4077969c47bdfe89eae6142daa2211d45890ed95ae385c1a1f790b8c50a87712d962da5fb3edf46d3e27bf91e4826bdbe0aeb86fafdd06630a883b61e6b939327b415063da5c3e3b6ca7d4c6050c52d86456e0241f27febd6db8dcb9ffaa4a0a63695a86fbdb72c0b73a10f0e5ab0db52270", 16)
	e, err := srpauth.EphemeralFromSecret(a.Bytes())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("SRP_A starts with", e.PublicHex()[:16])

	// PASSWORD_VERIFIER's parameters, as Cognito sent them.
	c := srpauth.Challenge{
		PoolID:       "us-east-1_AbCdEf123",
		UserIDForSRP: "alice",
		Salt:         "52b468382d6ad3bb9da7d0f644d86f48",
		SRPB:         "bbea0c6d1069725b7f47ab6095e308e7484f4aeca98a1d21a439b73163d515f6670f2cecf4b5ef5b216b255f18a6d53f70666749ac424ce9d9ca989605ba1422d55c95af33905699bdf0b932ef6cf45a8ef98bae8ab17c4e39bcd96f0638dfb8f3a1cb70cf8296258ed175dc6aa203ac36328d95b001fb46ea17ef399b37fa0e5459bface9f9a493771ac6731fbdf51948e15696f6cd3565abd1e0f8803cba3ccccf57b382a20d05488512b59f108e7961277e4dbea440e007add0fe34adb9709f740258f8d32140ef2163c35b06d8ad5554300d4e8b9591fd8455c299396ffcd2e3379d13144eb4aac6bcfe0212b8e5a1c053525433e5183070e1ea8fba6e3602e9637205a7c172cfb6d574a8a80ddc36b0c30afde74619446bcafba3fa721a67ae712d9bf0d5f8818bd1a418c27960402cc8cdfaaab7c419a934ac7cd18f02fc6d7263bd32710045f9f8570096050f1bc896a814e922997ec190438b727571eabc1c8649082eb0859db8320ed5cbeea93b047926c73d64e6ae65974eca5bc7",
		SecretBlock:  "LNUodFBl1NP9M5a9D4nba/unP0dCbGUPenV3y2zWE3u2WRQ7InR4GmLcZPW9X7yBNUuClzqK6cRaukgeGYUZnC8iKxRl3EwnaEaDGfyoHSD4na3CgnV5FBNa0i/mfXR3y5IQbmhuKIzH7yJ1fzGuhsI50Ri8fhh4STcBf/C9DjwQa39Qd/Hi/2swQTCJ+ZgStDvayLNmPBNwgMZBv2GeN3fEEinhvHfnl7PTcvmZNR7RoYSJIcDLVO6liGoWU4QzAGW2UMX9QYLIEhwvORaec0tUlV/ooChbyhBjwtgbiyTaFPZ+zd5Lz0mBiUHbGjcbd4qJH56o3qrw8U+Bsu3Tkg==",
	}
	p, err := e.Sign(c, "Passw0rd!", time.Date(2024, 3, 5, 7, 8, 9, 0, time.UTC))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("TIMESTAMP:", p.Timestamp)
	fmt.Println("PASSWORD_CLAIM_SIGNATURE:", p.Signature)
	// Output:
	// SRP_A starts with 40bb46ede32931e0
	// TIMESTAMP: Tue Mar 5 07:08:09 UTC 2024
	// PASSWORD_CLAIM_SIGNATURE: UaRAnS73LOQP8dmDogEYf3lY+BbPv23iwPDvIMUyIc4=
}

func ExampleSecretHash() {
	// In RespondToAuthChallenge, hash USER_ID_FOR_SRP (the internal username), not the alias.
	fmt.Println(srpauth.SecretHash("1example23456789", "examplesecret0123456789", "0f6b1d2e-3c4a-4b5c-8d9e-a1b2c3d4e5f6"))
	// Output: JtXDs1iv7KPpInITxvN/8gDluyiGSWFQ0VdnSwgv2ro=
}

func ExampleNewDeviceVerifier() {
	// Deterministic randomness for the example; use nil (crypto/rand) in real code.
	rnd := bytes.NewReader(bytes.Repeat([]byte{0x42}, srpauth.DevicePasswordBytes+srpauth.DeviceSaltBytes))
	secret, cfg, err := srpauth.NewDeviceVerifier(rnd, "-abcDEF123", "us-east-1_3c2b1a00-1111-4222-8333-444455556666")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(secret) // the password is redacted
	fmt.Println("Salt:", *cfg.Salt)
	v, _ := base64.StdEncoding.DecodeString(*cfg.PasswordVerifier)
	fmt.Println("PasswordVerifier bytes:", len(v)) // PAD(v): 384, or 385 with a 00 byte
	// Output:
	// DeviceSecret{DeviceKey: us-east-1_3c2b1a00-1111-4222-8333-444455556666, DeviceGroupKey: -abcDEF123, Password: redacted}
	// Salt: QkJCQkJCQkJCQkJCQkJCQg==
	// PasswordVerifier bytes: 385
}
