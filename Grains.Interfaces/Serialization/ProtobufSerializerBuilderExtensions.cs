using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;
using Orleans.Serialization.Serializers;

namespace OrleansChat.Grains.Serialization;

/// <summary>Registers <see cref="ProtobufMessageCodec"/> with Orleans' serializer.</summary>
public static class ProtobufSerializerBuilderExtensions
{
    /// <summary>Google.Protobuf messages become Orleans values (silos: <c>siloBuilder.Services.AddSerializer(s => s.AddProtobufMessages())</c>).</summary>
    public static ISerializerBuilder AddProtobufMessages(this ISerializerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton<ProtobufMessageCodec>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGeneralizedCodec, ProtobufMessageCodec>(sp => sp.GetRequiredService<ProtobufMessageCodec>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGeneralizedCopier, ProtobufMessageCodec>(sp => sp.GetRequiredService<ProtobufMessageCodec>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITypeFilter, ProtobufMessageCodec>(sp => sp.GetRequiredService<ProtobufMessageCodec>()));
        builder.Configure(options => options.WellKnownTypeAliases[ProtobufMessageCodec.WellKnownAlias] = typeof(ProtobufMessageCodec));
        return builder;
    }
}
