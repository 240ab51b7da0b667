using System.Text;

namespace OrleansChat.Grpc.Tests.Infrastructure;

/// <summary>
/// Enough HPACK (RFC 7541) to read Kestrel's response headers: the static and dynamic tables and every
/// representation; Huffman-coded strings are refused, since Kestrel does not send them.
/// </summary>
internal sealed class HpackDecoder
{
    private static readonly (string Name, string Value)[] StaticTable =
    [
        (":authority", ""), (":method", "GET"), (":method", "POST"), (":path", "/"), (":path", "/index.html"),
        (":scheme", "http"), (":scheme", "https"), (":status", "200"), (":status", "204"), (":status", "206"),
        (":status", "304"), (":status", "400"), (":status", "404"), (":status", "500"), ("accept-charset", ""),
        ("accept-encoding", "gzip, deflate"), ("accept-language", ""), ("accept-ranges", ""), ("accept", ""),
        ("access-control-allow-origin", ""), ("age", ""), ("allow", ""), ("authorization", ""), ("cache-control", ""),
        ("content-disposition", ""), ("content-encoding", ""), ("content-language", ""), ("content-length", ""),
        ("content-location", ""), ("content-range", ""), ("content-type", ""), ("cookie", ""), ("date", ""),
        ("etag", ""), ("expect", ""), ("expires", ""), ("from", ""), ("host", ""), ("if-match", ""),
        ("if-modified-since", ""), ("if-none-match", ""), ("if-range", ""), ("if-unmodified-since", ""),
        ("last-modified", ""), ("link", ""), ("location", ""), ("max-forwards", ""), ("proxy-authenticate", ""),
        ("proxy-authorization", ""), ("range", ""), ("referer", ""), ("refresh", ""), ("retry-after", ""),
        ("server", ""), ("set-cookie", ""), ("strict-transport-security", ""), ("transfer-encoding", ""),
        ("user-agent", ""), ("vary", ""), ("via", ""), ("www-authenticate", ""),
    ];

    private readonly LinkedList<(string Name, string Value)> _dynamicTable = new();
    private int _dynamicTableSize;
    private int _maxDynamicTableSize = 4096;

    public List<(string Name, string Value)> Decode(ReadOnlySpan<byte> block)
    {
        var headers = new List<(string, string)>();
        var position = 0;
        while (position < block.Length)
        {
            var first = block[position];
            if ((first & 0x80) != 0)
            {
                headers.Add(Lookup(ReadInteger(block, ref position, 7)));
            }
            else if ((first & 0x40) != 0)
            {
                var header = ReadLiteral(block, ref position, 6);
                headers.Add(header);
                Insert(header);
            }
            else if ((first & 0x20) != 0)
            {
                _maxDynamicTableSize = ReadInteger(block, ref position, 5);
                Evict();
            }
            else
            {
                headers.Add(ReadLiteral(block, ref position, 4));
            }
        }

        return headers;
    }

    private (string, string) ReadLiteral(ReadOnlySpan<byte> block, ref int position, int prefixBits)
    {
        var index = ReadInteger(block, ref position, prefixBits);
        var name = index == 0 ? ReadString(block, ref position) : Lookup(index).Name;
        return (name, ReadString(block, ref position));
    }

    private (string Name, string Value) Lookup(int index)
    {
        if (index >= 1 && index <= StaticTable.Length)
        {
            return StaticTable[index - 1];
        }

        var dynamicIndex = index - StaticTable.Length - 1;
        if (dynamicIndex < 0 || dynamicIndex >= _dynamicTable.Count)
        {
            throw new InvalidDataException($"HPACK index {index} is out of range.");
        }

        return _dynamicTable.ElementAt(dynamicIndex);
    }

    private void Insert((string Name, string Value) header)
    {
        _dynamicTable.AddFirst(header);
        _dynamicTableSize += header.Name.Length + header.Value.Length + 32;
        Evict();
    }

    private void Evict()
    {
        while (_dynamicTableSize > _maxDynamicTableSize && _dynamicTable.Count > 0)
        {
            var last = _dynamicTable.Last!.Value;
            _dynamicTable.RemoveLast();
            _dynamicTableSize -= last.Name.Length + last.Value.Length + 32;
        }
    }

    private static string ReadString(ReadOnlySpan<byte> block, ref int position)
    {
        if ((block[position] & 0x80) != 0)
        {
            throw new NotSupportedException("Huffman-coded HPACK strings are not supported by this test decoder.");
        }

        var length = ReadInteger(block, ref position, 7);
        var value = Encoding.Latin1.GetString(block.Slice(position, length));
        position += length;
        return value;
    }

    private static int ReadInteger(ReadOnlySpan<byte> block, ref int position, int prefixBits)
    {
        var mask = (1 << prefixBits) - 1;
        var value = block[position++] & mask;
        if (value < mask)
        {
            return value;
        }

        var shift = 0;
        byte next;
        do
        {
            next = block[position++];
            value += (next & 0x7F) << shift;
            shift += 7;
        }
        while ((next & 0x80) != 0);

        return value;
    }
}
