using System.Diagnostics.CodeAnalysis;
using Google.Protobuf;
using Orleans;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Cloning;
using Orleans.Serialization.Codecs;
using Orleans.Serialization.Serializers;
using Orleans.Serialization;
using Orleans.Serialization.WireProtocol;

namespace OrleansChat.Grains.Serialization;

/// <summary>
/// Lets Google.Protobuf messages (the chat's grain call arguments, results and stream items, <c>grains.proto</c>)
/// cross silos as Orleans values: the field carries the message's type and its protobuf bytes, so the .proto's own
/// evolution rules (added fields, reserved numbers) are the versioning story. Copies are a protobuf round trip.
/// </summary>
[Alias(WellKnownAlias)]
public sealed class ProtobufMessageCodec : IGeneralizedCodec, IGeneralizedCopier, ITypeFilter
{
    public const string WellKnownAlias = "orleanschat.protobuf";

    private const uint TypeField = 0;
    private const uint PayloadField = 1;
    private static readonly Type SelfType = typeof(ProtobufMessageCodec);

    void IFieldCodec.WriteField<TBufferWriter>(ref Writer<TBufferWriter> writer, uint fieldIdDelta, Type? expectedType, object? value)
    {
        if (ReferenceCodec.TryWriteReferenceField(ref writer, fieldIdDelta, expectedType, value))
        {
            return;
        }

        // This codec stands for the field's type and writes the message's own type first.
        writer.WriteFieldHeader(fieldIdDelta, expectedType, SelfType, WireType.TagDelimited);
        ReferenceCodec.MarkValueField(writer.Session);
        writer.WriteFieldHeaderExpected(TypeField, WireType.LengthPrefixed);
        writer.Session.TypeCodec.WriteLengthPrefixed(ref writer, value.GetType());

        var payload = ((IMessage)value).ToByteArray();
        ReferenceCodec.MarkValueField(writer.Session);
        writer.WriteFieldHeaderExpected(PayloadField, WireType.LengthPrefixed);
        writer.WriteVarUInt32((uint)payload.Length);
        writer.Write(payload);
        writer.WriteEndObject();
    }

    object? IFieldCodec.ReadValue<TInput>(ref Reader<TInput> reader, Field field)
    {
        if (field.IsReference)
        {
            return ReferenceCodec.ReadReference(ref reader, field.FieldType);
        }

        field.EnsureWireTypeTagDelimited();
        var placeholder = ReferenceCodec.CreateRecordPlaceholder(reader.Session);
        IMessage? result = null;
        Type? type = null;
        uint fieldId = 0;
        while (true)
        {
            var header = reader.ReadFieldHeader();
            if (header.IsEndBaseOrEndObject)
            {
                break;
            }

            fieldId += header.FieldIdDelta;
            switch (fieldId)
            {
                case TypeField:
                    ReferenceCodec.MarkValueField(reader.Session);
                    type = reader.Session.TypeCodec.ReadLengthPrefixed(ref reader);
                    break;
                case PayloadField:
                    ReferenceCodec.MarkValueField(reader.Session);
                    var bytes = reader.ReadBytes(reader.ReadVarUInt32());
                    result = (IMessage)Activator.CreateInstance(type ?? throw new RequiredFieldMissingException("A protobuf value is missing its type."))!;
                    result.MergeFrom(bytes);
                    break;
                default:
                    reader.ConsumeUnknownField(header);
                    break;
            }
        }

        ReferenceCodec.RecordObject(reader.Session, result ?? throw new RequiredFieldMissingException("A protobuf value is missing its payload."), placeholder);
        return result;
    }

    [return: NotNullIfNotNull(nameof(input))]
    object? IDeepCopier.DeepCopy(object? input, CopyContext context)
    {
        if (input is null)
        {
            return null;
        }

        if (context.TryGetCopy(input, out object? copy))
        {
            return copy!;
        }

        var message = (IMessage)input;
        var result = message.Descriptor.Parser.ParseFrom(message.ToByteString());
        context.RecordCopy(input, result);
        return result;
    }

    bool IGeneralizedCodec.IsSupportedType(Type type) => type == SelfType || IsMessage(type);

    bool IGeneralizedCopier.IsSupportedType(Type type) => IsMessage(type);

    bool? ITypeFilter.IsTypeAllowed(Type type) => IsMessage(type) ? true : null;

    private static bool IsMessage(Type type) => typeof(IMessage).IsAssignableFrom(type) && type is { IsAbstract: false, IsInterface: false };
}
