namespace OrleansChat.Grpc.Tests.Interop;

/// <summary>How an interop client reaches the interop server.</summary>
public enum InteropTransport
{
    /// <summary>HTTP/2 over cleartext TCP with prior knowledge (h2c).</summary>
    Plaintext,

    /// <summary>HTTP/2 over TLS negotiated with ALPN, trusting the server's self-signed certificate.</summary>
    Tls,
}
