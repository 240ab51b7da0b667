using System.Collections.Concurrent;
using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Collections;
using OrleansChat.Runtime.Cluster.Protocol;
using OrleansChat.Runtime.Messaging;
using OrleansChat.Runtime.Observers;

namespace OrleansChat.Runtime.Cluster;

/// <summary>
/// Turns call arguments and results of one declared type into wire <see cref="Value"/>s and back. Covers exactly
/// what <see cref="CallTypeRules"/> allows: protobuf messages (bytes; the declared type gives the parser), simple
/// values, enums, nullables, byte arrays, lists and arrays of those, and grain references (grain type + key; a proxy
/// of the declared interface on the receiving side). Observer references cannot cross silos: encoding one throws
/// <see cref="ObserverReferenceCrossingException"/>, which the caller turns into a message naming the parameter.
/// Built once per type and cached.
/// </summary>
internal sealed class ValueCodec
{
    private static readonly ConcurrentDictionary<Type, ValueCodec> Cache = new();

    private readonly Func<object, Value> _encode;
    private readonly Func<Value, GrainReferenceFactory, object?> _decode;

    private ValueCodec(Type type, Func<object, Value> encode, Func<Value, GrainReferenceFactory, object?> decode)
    {
        Type = type;
        _encode = encode;
        _decode = decode;
    }

    /// <summary>The declared type.</summary>
    public Type Type { get; }

    /// <summary>The codec of <paramref name="type"/>.</summary>
    /// <exception cref="NotSupportedException">The type cannot cross silos (interfaces are validated before this).</exception>
    public static ValueCodec For(Type type) => Cache.GetOrAdd(type, Create);

    /// <summary>Encodes a value (null gives a value with no kind).</summary>
    /// <exception cref="ObserverReferenceCrossingException">The value is, or holds, an observer reference.</exception>
    public Value Encode(object? value) => value is null ? new Value() : _encode(value);

    /// <summary>Decodes a value of the declared type; grain references become proxies made by <paramref name="references"/>.</summary>
    public object? Decode(Value value, GrainReferenceFactory references)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.KindCase == Value.KindOneofCase.None ? null : _decode(value, references);
    }

    private static ValueCodec Create(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            var inner = For(underlying);
            return new ValueCodec(type, inner._encode, inner._decode);
        }

        if (type.IsEnum)
        {
            var isUnsigned64 = Enum.GetUnderlyingType(type) == typeof(ulong);
            return new ValueCodec(
                type,
                v => new Value { Int64 = isUnsigned64 ? unchecked((long)Convert.ToUInt64(v, System.Globalization.CultureInfo.InvariantCulture)) : Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) },
                (v, _) => Enum.ToObject(type, Expect(v, Value.KindOneofCase.Int64, type).Int64));
        }

        if (Simple(type) is { } simple)
        {
            return simple;
        }

        if (CallTypeRules.IsMessage(type))
        {
            var parser = (MessageParser)type.GetProperty("Parser", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
            return new ValueCodec(
                type,
                v => new Value { Message = ((IMessage)v).ToByteString() },
                (v, _) => parser.ParseFrom(Expect(v, Value.KindOneofCase.Message, type).Message));
        }

        if (CallTypeRules.IsReference(type))
        {
            return new ValueCodec(type, EncodeReference, (v, references) =>
            {
                var reference = Expect(v, Value.KindOneofCase.Grain, type).Grain;
                return references.Create(type, new GrainId(reference.GrainType, reference.Key));
            });
        }

        if (CallTypeRules.ListElementType(type) is { } element)
        {
            var method = type.IsArray ? nameof(ArrayCodec)
                : type.IsGenericType && type.GetGenericTypeDefinition() == typeof(RepeatedField<>) ? nameof(RepeatedCodec)
                : nameof(ListCodec);
            return (ValueCodec)typeof(ValueCodec).GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(element)
                .Invoke(null, [type])!;
        }

        throw new NotSupportedException("Type " + TypeNames.Full(type) + " cannot cross silos.");
    }

    private static ValueCodec? Simple(Type type)
    {
        if (type == typeof(string))
        {
            return new ValueCodec(type, v => new Value { String = (string)v }, (v, _) => Expect(v, Value.KindOneofCase.String, type).String);
        }

        if (type == typeof(bool))
        {
            return new ValueCodec(type, v => new Value { Bool = (bool)v }, (v, _) => Expect(v, Value.KindOneofCase.Bool, type).Bool);
        }

        if (type == typeof(int))
        {
            return new ValueCodec(type, v => new Value { Int64 = (int)v }, (v, _) => checked((int)Expect(v, Value.KindOneofCase.Int64, type).Int64));
        }

        if (type == typeof(long))
        {
            return new ValueCodec(type, v => new Value { Int64 = (long)v }, (v, _) => Expect(v, Value.KindOneofCase.Int64, type).Int64);
        }

        if (type == typeof(uint))
        {
            return new ValueCodec(type, v => new Value { Uint64 = (uint)v }, (v, _) => checked((uint)Expect(v, Value.KindOneofCase.Uint64, type).Uint64));
        }

        if (type == typeof(ulong))
        {
            return new ValueCodec(type, v => new Value { Uint64 = (ulong)v }, (v, _) => Expect(v, Value.KindOneofCase.Uint64, type).Uint64);
        }

        if (type == typeof(double))
        {
            return new ValueCodec(type, v => new Value { Double = (double)v }, (v, _) => Expect(v, Value.KindOneofCase.Double, type).Double);
        }

        if (type == typeof(float))
        {
            return new ValueCodec(type, v => new Value { Float = (float)v }, (v, _) => Expect(v, Value.KindOneofCase.Float, type).Float);
        }

        if (type == typeof(Guid))
        {
            return new ValueCodec(
                type,
                v => new Value { Guid = ByteString.CopyFrom(((Guid)v).ToByteArray()) },
                (v, _) => new Guid(Expect(v, Value.KindOneofCase.Guid, type).Guid.Span));
        }

        if (type == typeof(DateTime))
        {
            return new ValueCodec(type, v => new Value { DateTime = ((DateTime)v).ToBinary() }, (v, _) => System.DateTime.FromBinary(Expect(v, Value.KindOneofCase.DateTime, type).DateTime));
        }

        if (type == typeof(DateTimeOffset))
        {
            return new ValueCodec(
                type,
                v => new Value { DateTimeOffset = new DateTimeOffsetValue { Ticks = ((DateTimeOffset)v).Ticks, OffsetMinutes = (int)((DateTimeOffset)v).Offset.TotalMinutes } },
                (v, _) =>
                {
                    var value = Expect(v, Value.KindOneofCase.DateTimeOffset, type).DateTimeOffset;
                    return new System.DateTimeOffset(value.Ticks, TimeSpan.FromMinutes(value.OffsetMinutes));
                });
        }

        if (type == typeof(TimeSpan))
        {
            return new ValueCodec(type, v => new Value { TimeSpan = ((TimeSpan)v).Ticks }, (v, _) => System.TimeSpan.FromTicks(Expect(v, Value.KindOneofCase.TimeSpan, type).TimeSpan));
        }

        if (type == typeof(byte[]))
        {
            return new ValueCodec(type, v => new Value { Bytes = ByteString.CopyFrom((byte[])v) }, (v, _) => Expect(v, Value.KindOneofCase.Bytes, type).Bytes.ToByteArray());
        }

        if (type == typeof(ByteString))
        {
            return new ValueCodec(type, v => new Value { Bytes = (ByteString)v }, (v, _) => Expect(v, Value.KindOneofCase.Bytes, type).Bytes);
        }

        return null;
    }

    private static Value EncodeReference(object value) => value switch
    {
        IGrainReference reference => new Value
        {
            Grain = new Protocol.GrainReference
            {
                GrainType = reference.GrainId.Type,
                Key = reference.GrainId.Key,
                InterfaceName = value is GrainReferenceProxy proxy ? proxy.InterfaceName : string.Empty,
            },
        },
        IObserverReference => throw new ObserverReferenceCrossingException(),
        _ => throw new ArgumentException("A " + value.GetType().Name + " object is not a grain reference; pass one from IGrainFactory.GetGrain."),
    };

    private static ValueCodec ArrayCodec<T>(Type type)
    {
        var item = For(typeof(T));
        return new ValueCodec(
            type,
            v => EncodeItems((T[])v, item),
            (v, references) =>
            {
                var items = Expect(v, Value.KindOneofCase.List, type).List.Items;
                var array = new T[items.Count];
                for (var i = 0; i < array.Length; i++)
                {
                    array[i] = (T)item.Decode(items[i], references)!;
                }

                return array;
            });
    }

    private static ValueCodec ListCodec<T>(Type type)
    {
        var item = For(typeof(T));
        return new ValueCodec(
            type,
            v => EncodeItems((IEnumerable<T>)v, item),
            (v, references) =>
            {
                var items = Expect(v, Value.KindOneofCase.List, type).List.Items;
                var list = new List<T>(items.Count);
                foreach (var value in items)
                {
                    list.Add((T)item.Decode(value, references)!);
                }

                return list;
            });
    }

    private static ValueCodec RepeatedCodec<T>(Type type)
    {
        var item = For(typeof(T));
        return new ValueCodec(
            type,
            v => EncodeItems((RepeatedField<T>)v, item),
            (v, references) =>
            {
                var items = Expect(v, Value.KindOneofCase.List, type).List.Items;
                var repeated = new RepeatedField<T>();
                foreach (var value in items)
                {
                    repeated.Add((T)item.Decode(value, references)!);
                }

                return repeated;
            });
    }

    private static Value EncodeItems<T>(IEnumerable<T> items, ValueCodec item)
    {
        var list = new ValueList();
        foreach (var value in items)
        {
            list.Items.Add(item.Encode(value));
        }

        return new Value { List = list };
    }

    private static Value Expect(Value value, Value.KindOneofCase kind, Type type) =>
        value.KindCase == kind
            ? value
            : throw new InvalidOperationException(
                "A value of type " + TypeNames.Full(type) + " arrived as " + value.KindCase + "; the caller and the silo disagree on the method's signature (different builds?).");
}
