namespace OrleansChat.Grpc.Internal;

/// <summary>Converts between <see cref="Metadata"/> and HTTP/2 header fields.</summary>
internal static class MetadataHeaders
{
    /// <summary>Headers the protocol owns; they never appear in an application's <see cref="Metadata"/>.</summary>
    public static bool IsReserved(string name)
    {
        if (name.Length == 0 || name[0] == ':')
        {
            return true;
        }

        return name.ToLowerInvariant() switch
        {
            GrpcProtocolConstants.ContentTypeHeader => true,
            GrpcProtocolConstants.TeHeader => true,
            GrpcProtocolConstants.TimeoutHeader => true,
            GrpcProtocolConstants.MessageEncodingHeader => true,
            GrpcProtocolConstants.MessageAcceptEncodingHeader => true,
            GrpcProtocolConstants.StatusTrailer => true,
            GrpcProtocolConstants.MessageTrailer => true,
            "content-length" => true,
            "host" => true,
            "connection" => true,
            _ => false,
        };
    }

    /// <summary>Adds one received header to metadata; a <c>-bin</c> value may hold several comma-joined base64 values.</summary>
    public static void AddReceived(Metadata metadata, string name, string value)
    {
        if (IsReserved(name))
        {
            return;
        }

        var key = name.ToLowerInvariant();
        if (Metadata.Entry.IsBinaryKey(key))
        {
            foreach (var part in value.Split(',', StringSplitOptions.TrimEntries))
            {
                metadata.Add(key, DecodeBase64(part));
            }
        }
        else
        {
            metadata.Add(key, value);
        }
    }

    /// <summary>The header value for an entry: binary values as unpadded base64, as the spec asks senders to emit.</summary>
    public static string FormatValue(Metadata.Entry entry)
        => entry.IsBinary ? Convert.ToBase64String(entry.ValueBytes).TrimEnd('=') : entry.Value;

    /// <summary>Decodes base64 with or without padding.</summary>
    public static byte[] DecodeBase64(string value)
    {
        var padding = (4 - (value.Length % 4)) % 4;
        if (padding == 3)
        {
            throw new FormatException("Invalid base64 length in binary metadata.");
        }

        return Convert.FromBase64String(padding == 0 ? value : value + new string('=', padding));
    }
}
