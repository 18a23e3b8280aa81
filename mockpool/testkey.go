package mockpool

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"sync"
)

// testKeyPEM is a fixed RSA-2048 key for WithTestSigningKey. It is public: never use it
// to sign anything that matters.
const testKeyPEM = `
-----BEGIN RSA PRIVATE KEY-----
MIIEpAIBAAKCAQEAsZdm0WKCROF/fopzenThovPju8aTvox64giH9ZWjvsSmHvqn
SrjfGLBbleSQJYtpU7ypCjAYXl1/91+30vOBAlhVtCQ2hyjspTCAA2NKVVHCJ+4s
Ua/gqOkEXeikxu09hI/7bsbDCWTqMtTPDqs+ZnFHV6vgaaRiq0SACfBu3bBT+xdy
uMVmEyhDW1lrvG6s0JorxUFW8Qwq1D0MwoGuflSvVyoc/fxupBurVu+Of9/YVJxx
U8Brl5Z5xA/x8g+yxA2OmASN4SQb8hLU7Mz0tPLXuH8o30DLI7Z6+orkv35Vo8iW
YAitdk2lxdwWnnVo+YKPaYVJ1RLYnBtYPn0L8wIDAQABAoIBAEEEx1X9lOgXDxCL
LAA3bqy0UjpbV5g54nuC2BQntw2O/ar15e3LhZKKbt2QEt5MDkHkHpdmSGW0Ibe1
yZ1oHWF4adhMMdKGPy2zdgrHfV2DU2w/HObDV6M/vKONG1bhYNZ5yHokNx/nXH9D
vpMGSxBChPYqLT1APAesSpxY9J4g5du0C/Wji9vifg1Bb9hze0kPxqtVnXfKU7Qw
YuoGSbNjKmkb+8qr2ldvi7o/oj2rVPgNU4yeRGwX9FJ7CQ6p5ICRSzRMc45MZ3g7
XWLLqpF7tPp6OaC2cDDnk5piF5bvR/O3WfR+TCJp6Eps/NA7l7oh9zXbgAbwPvZy
jZqgXlECgYEA5xjtMJ2IH4mW6s9WPiOa0n434dYEOqMYfxzEeDt5PNS5TzWBavV8
BQhouZbKeK9Lynr2SijYkGJzYjWSGtm80vdMmOaiRaBJzUBKaluRZ5jQYRJX2Ecx
077ydiOvv1ZpPxGS95wQm0m1kcjokn2kF99rUF1+w/nHNDuhQGvh5/0CgYEAxLp0
b157lv1/OuOMkOiI3x4B7R7td1H8rltvtn6HAa4/4KFIBYu3hP5I6+J22Ypben3u
qoH4K1SWFOftxDaoPN/KPpcTtv42aFY1shfC/pkXRu8OEe8DSNQ4VJ//YSXVvtvK
6LSlKd+12/3rTxE2+YJ2JXa7ij9p4UqWr7LgLq8CgYA5LXKqH5/pZaqAaFJHR5nr
0KzU5JXhSC8sbBq0QMrLYTqEPZHKu/g2apE2sfdgisauz2OWj6qddq5jsyt2Fz9f
1y4NeqrVnUYFUY3X6NX+EtIj4lz3tw29/TWSQ1wddCzQHPIG74cwVLlm25WngQyT
l4S+upM9u9QsuUA5ZzfapQKBgQCv8OF5SNLXctd6308zugPPJ5MpcmOGNzj45qW+
XOJ5SlGuoA89hnsW4iRtchhA7lBp+H6e16YPepLPF625sfg8mRjTaWIkYq5eGdvj
7wRhlqEOu3Wl7FDPrZzDcmR/icrj6sZJ4GVmUcDfgvQTvp2gAGGRl+KZ/aS/7Glf
sWZ12QKBgQCwPLcqsdJjM2qidKvrd0JxZlTigTSKbkK+T2r6XQMsLNJtt42h+xD9
+3pGDFZc2lnEorCppmTjSd7j+00ViZh15vb1+hhpxzlnG9l7iJq/LmTwLaNEwC+Z
S9JllCEEbaNBHrNh2IzyO4PyWrQ+NfhTonhjT5glYQ9Q2xu63xqU8A==
-----END RSA PRIVATE KEY-----
`

// testIDKeyPEM is the fixed RSA-2048 key that signs ID tokens under
// WithTestSigningKey (Cognito signs ID and access tokens with different keys). Public
// too.
const testIDKeyPEM = `
-----BEGIN RSA PRIVATE KEY-----
MIIEpAIBAAKCAQEAjNFVCqqK6kLTQQTOAnLHc0+g1bu1fisvjfH3r0xpQpUu8wn5
kPbREqNSTnB2mdU2W2ufjAUEm8gsDslyoNo2Oj+o/CltOUNkkyUDETNO7WN+Z4ho
4iRgZwHm0FnxEUQ1SdlX71899qGW+E9ExNOQxRQWM88HE6mTrilqbmEoa6k7jyN5
hDDAo5BviLRL2cGwibCjUZYdclsNLfJM6osWgWeAtJSWMlK9FRsHstQ7T1CqHer9
p+CcE0BzxCFhsmz1cCDtJE/vfvqw2S8IcjRxC2rONNoXYTVBfT/bo2y/+y5edZqP
0qgSxxZ6Z52nzqYLlsuTAn6ajFOYDypJ/gorrQIDAQABAoIBADUe4JBJ/mZZuByO
ZfJpfxDiSH9oNJJ4UxOeZDuWPRz3bwMSz7jeSsdXofxiE3N7iWpaQpEM8YycqfYY
CyxftNYrXqFlNUVFRYL2kt4ht1P41N3UiRBJ/a3N+1a8nyJO0zVdDn2HtbW8hll8
eaowTyvxJGD956MEtOedyv8BmsBlwuyDtfgSLOMdNh1qVvwMETcqpW2ydqrOXKL3
gFthsYRjg4ruOROKyeNs2Kow0/Ex2y6ZPqu1KyMppAJreE6czIYptbiICrl32Oy1
YBwfU/y2W4rXrlkDyQNEXGitpFtkGQcxSlplNSKxq4aAihPsXbq2cV2rbBfXMjeG
c3DYgjcCgYEAxXjKj5lICb9pEIKoybeauBDI3BZs//0BdiIqeKeTIv0Yw+df67mq
BwHD49YhnZIDY0cOebAssAw7jl8u17mShTTSGjaq0h6oXltnzhpqXqMxaKi4Fpcb
tr/6HrqKuRJNAnW+FwRfNdN7+SLU8Kn6rYq9nzWJWSQooNdNyMPDAWsCgYEAto3m
HSaj2BoI4kVq63cL8lhMkn6496EG3B2AawqEoRsvE/cBgIf0ZW3XEw4/BckhGUCM
wkth/CWJlR31l2Atz05ShEUJtyxC6ParRtDC9kxYWvUX5l3mTjA0BNBh8kWen2Q+
bzB23/yRV/9OkVUi4z8+C4hxC8vx7hqDgnZFFUcCgYEAoMAx9S/MatL8zknu6Taj
po9TU4aV+NWXKPmrJUkVB/iM/n0NorEjbkzLkF8yQjkotNqVOA5ocm+i08U8NrSE
SBe1qU0zRZVbbmRuXmM2kA+9Gvut0AX2s5AYJoeogfwZ4JTEx6vxbbnZQ/hM7BUT
Uc6NiltkkcJTqItccMCbsD0CgYBzdaf3A/tYsI6x3cnUB0VND7/OX8vJAtV93kLc
cJiV9MV/0RfoHRTcGe6PpNEDbcQ7XnIoaNkeSveLkplEFpaiqRzTf363lYz0Hx8Q
+PR2Jq8zSBTHpNgG18Hu0YVBX/sFQLekR3jIDcw3ZchhbwFTzSoGzVMCbQkk2SwY
FYl3/QKBgQCp2MB70UyZHWoQ+OGs3O1ReduvsT2fZzayNV7x8I7pG5MNO9cbqSBD
XH7J1N8FWPUZrL/TwzCjdM12i6aEcJXlKBXjqunVmr/rOzU/5SOnJUoV332v7cbT
pka0XPJ6h76ciUpeGWwakeFWpHfhI1tVGYA77oaBJb+H4odLJRChRA==
-----END RSA PRIVATE KEY-----
`

var testKeyOnce = sync.OnceValue(func() *rsa.PrivateKey { return parseTestKey(testKeyPEM) })

var testIDKeyOnce = sync.OnceValue(func() *rsa.PrivateKey { return parseTestKey(testIDKeyPEM) })

func parseTestKey(text string) *rsa.PrivateKey {
	b, _ := pem.Decode([]byte(text))
	if b == nil {
		return nil
	}
	k, err := x509.ParsePKCS1PrivateKey(b.Bytes)
	if err != nil {
		return nil
	}
	return k
}

// testSigningKey returns the parsed test key (parsed once per process; the key is
// immutable, so sharing it is safe).
func testSigningKey() *rsa.PrivateKey { return testKeyOnce() }

// testIDSigningKey returns the parsed test key of ID tokens.
func testIDSigningKey() *rsa.PrivateKey { return testIDKeyOnce() }
