namespace Coordination.BuildingBlocks.Security;

/// <summary>
/// DEVELOPMENT ONLY. A published RSA key so the suite and its tests run with nothing configured:
/// the gateway's token server signs with it and every host validates with it in Development.
/// Anyone can mint tokens with this key, so every host refuses it outside Development
/// (<see cref="SecurityExtensions"/>): production supplies Security__SigningKey (token host) and
/// Security__SigningPublicKey (every host) from its secret store.
/// </summary>
public static class DevelopmentSigningKey
{
    public const string PrivateKeyPem = """
        -----BEGIN PRIVATE KEY-----
        MIIEvwIBADANBgkqhkiG9w0BAQEFAASCBKkwggSlAgEAAoIBAQDNk+TBksS9QdtT
        z0LTC/Y0EPrPGNJkSpBLV+R6miLH1/3wR80i+eUJR6HtPectGp5KYnUuLPJDHHEN
        5lgV+seo7oGcKw1RNmLlbm2phhGKz6aOr5kvsM4ccbMM7rHjp67oPnoNsViQ55gH
        z09B9+95ZVop9uptIG+kXbXNmY5HD7mNlOjXyBckE9gHs7Kc8lo826pjLTxdo9X5
        DN3TIVut/lB1Qnd7D2VG+g0asLOrpaGrUnJRtkEBiluh80MldiNNPyHt8SUJLizY
        r70ZgUNOY0Cs8ykgRCqGRGSmtPPG4EMusq+jRz3pIa3Xl3397VimJ/nYM4JcyzYA
        hQCuRnClAgMBAAECggEAHKZvW5DmTU/3zqLUd9AzdEcnhSQ68hI4MN/jbji7/yj5
        cXq4OpckFdp/VS5q4OzUQZ6eIRzPeI3mrZ68CPglykPPGWIgnYBcYQg2TUlreXJ+
        DmWnji9wUiOAZh1/+i+83w4R+YWNR8iW9gOs0o9ItxzqZ23LdwDtvjT3KNutKfbl
        UqQkf6Q+vNEtjOP/dTwWiMLdmv0U7pIG/7jYNLw1pSrIQHnSPZtAtIH9sqc46vni
        zbLs0v5xtttDteYBEdBrwg6bJL+KIe2Rzi4d7g+WXcTunkeEIMgKX/l79RkS2u9n
        k8Xq2Ovb1Z/JUClw7Z/CMLdy5ImKJVQ5efQWEA2TkQKBgQD8iZpKTckZ3guSoqsU
        EL5B68uyN8bl8CZuYK32aCB44fPMqfCQitZ+DJmtCA4BDapGvP0Ktp/700jZ1VRe
        LqSkmTRKWYzx+E3hhyNsr5CJRRo6F1kHdggSNMZizi3J1kpDdCz24ZqXzZ0OP9VF
        METx9DIwFzSetpWHRA6FfZfX6QKBgQDQZXa2XpY4tOby3L4qVY9u1NeQv22SPJS4
        +8diBviw3g0xnvLPCCxIFn6HRFGRE0Jma52MxixvYiplP101xqMlwT9nfz0WutYg
        lPH8LsHdYmwQkhg/yZgYQwiKeCaFsQJ0oZrhRsp21myI1cBB4gBcQVKsDtG3RP7v
        GVy1WIVZXQKBgQCl4CBXJAaulfnWBEEI+gJuPFpcomRjzj0ADULW8gg6Pngr+4fG
        +VrwCoi6ber86CPrOOGgstocx+g3JPe4sTx13SfKmk2I9kb5lxE+p4bxk1EpzQIu
        c2nTw5R3e+P5imbXLa0HMKKhiW3a2TTVsGHo5zQ8AFIQ2e8XnS1Io3kkWQKBgQCW
        D/oj6IiT3PBRAdON+H6IeIuhl7b3DtipO+SfGhYKhltJ2ANQQbphTpFeJjv2E8BE
        sEmLDUkCC9Yrgi1Eg/0HOtjFVkJPE8sNOzPlPGYtXKokZI9Bn5D+J4cG7u4OZyA1
        jAlTHv68BDuzbPg8eNl5lTBK5YDuT6ij08eGbm/XoQKBgQDpvr6M+KWgMwb4lzuT
        GaDSkzfQYz9T8uIBZsWiXqZ2amxqPeCv5IaFHdpvPjpNWl/E5h7qd16eP3lPwwj3
        UQZVuAFTkNpUBpnVn4aOe11/rt04a3TsazdFsOlHbsPNXk7ryQIdxroaR2o2qKpj
        1Hq56ZBUwbvmoFruBtH3uUgHew==
        -----END PRIVATE KEY-----
        """;
}
