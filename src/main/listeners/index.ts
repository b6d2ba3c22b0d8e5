import type { SourceConfig } from '#shared/rpc/domains/gateway';
import { HttpListener } from './http';
import { MqttListener } from './mqtt';
import type { FieldEncoder } from './payload';
import { TcpClientListener, TcpServerListener } from './tcp';
import type { FrameSink, IListener, RejectSink, StreamDecodeHooks } from './types';
import { UdpListener } from './udp';
import { WsListener } from './ws';

export { ListenerError, type FrameSink, type IListener, type ListenerState, type RejectSink, type StreamDecodeHooks } from './types';
export { udpKernelDrops } from './kernelDrops';

/** Builds the listener for a source's kind. */
export function createListener(config: SourceConfig, hooks: StreamDecodeHooks, encode: FieldEncoder, sink: FrameSink, reject: RejectSink): IListener {
  switch (config.kind) {
    case 'udp':
      return new UdpListener(config, sink, reject);
    case 'tcp-server':
      return new TcpServerListener(config, hooks, sink, reject);
    case 'tcp-client':
      return new TcpClientListener(config, hooks, sink, reject);
    case 'http':
      return new HttpListener(config, hooks, encode, sink, reject);
    case 'ws':
      return new WsListener(config, hooks, encode, sink, reject);
    case 'mqtt':
      return new MqttListener(config, hooks, encode, sink, reject);
  }
}
