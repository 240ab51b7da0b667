namespace OrleansChat.Grpc.Internal;

/// <summary>Names and sizes from grpc/grpc doc/PROTOCOL-HTTP2.md, kept in one place.</summary>
internal static class GrpcProtocolConstants
{
    public const string GrpcContentType = "application/grpc";
    public const string GrpcProtoContentType = "application/grpc+proto";

    public const string StatusTrailer = "grpc-status";
    public const string MessageTrailer = "grpc-message";
    public const string TimeoutHeader = "grpc-timeout";
    public const string MessageEncodingHeader = "grpc-encoding";
    public const string MessageAcceptEncodingHeader = "grpc-accept-encoding";
    public const string TeHeader = "te";
    public const string TeTrailers = "trailers";
    public const string UserAgentHeader = "user-agent";
    public const string ContentTypeHeader = "content-type";

    public const string IdentityEncoding = "identity";
    public const string GzipEncoding = "gzip";

    /// <summary>What this implementation can decode, in the form sent in <c>grpc-accept-encoding</c> (no spaces).</summary>
    public const string SupportedEncodings = "identity,gzip";

    public const int MessageDelimiterSize = 4;
    public const int HeaderSize = MessageDelimiterSize + 1;
    public const byte CompressedFlag = 1;

    public const int DefaultMaxReceiveMessageSize = 4 * 1024 * 1024;

    /// <summary>Maximum digits of a <c>grpc-timeout</c> value.</summary>
    public const int TimeoutMaxDigits = 8;

    public const string UserAgent = "grpc-dotnet-orleanschat/1.0";

    /// <summary>HTTP/2 error codes (RFC 9113 section 7) that matter for status mapping.</summary>
    public static class Http2ErrorCode
    {
        public const int NoError = 0x0;
        public const int ProtocolError = 0x1;
        public const int InternalError = 0x2;
        public const int FlowControlError = 0x3;
        public const int SettingsTimeout = 0x4;
        public const int StreamClosed = 0x5;
        public const int FrameSizeError = 0x6;
        public const int RefusedStream = 0x7;
        public const int Cancel = 0x8;
        public const int CompressionError = 0x9;
        public const int ConnectError = 0xa;
        public const int EnhanceYourCalm = 0xb;
        public const int InadequateSecurity = 0xc;
        public const int Http11Required = 0xd;
    }

    public static bool IsGrpcContentType(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith(GrpcContentType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (contentType.Length == GrpcContentType.Length)
        {
            return true;
        }

        // application/grpc+proto, application/grpc+json, application/grpc; charset=...
        var next = contentType[GrpcContentType.Length];
        return next is '+' or ';';
    }
}
