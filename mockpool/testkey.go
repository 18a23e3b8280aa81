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

var testKeyOnce = sync.OnceValue(func() *rsa.PrivateKey {
	b, _ := pem.Decode([]byte(testKeyPEM))
	if b == nil {
		return nil
	}
	k, err := x509.ParsePKCS1PrivateKey(b.Bytes)
	if err != nil {
		return nil
	}
	return k
})

// testSigningKey returns the parsed test key (parsed once per process; the key is
// immutable, so sharing it is safe).
func testSigningKey() *rsa.PrivateKey { return testKeyOnce() }
