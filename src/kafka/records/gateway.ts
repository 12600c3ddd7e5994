import type {
  ConsumerOptions,
  ProducerOptions,
  RecordConsumer,
  RecordProducer,
  RecordsGateway,
} from '../gateway.js'
import type { KafkaSession } from '../session.js'
import { SessionConsumer } from './consumer.js'
import { SessionProducer } from './producer.js'

/** Producing and consuming over a session, with ktk's own record batches and Produce/Fetch requests. */
export class SessionRecordsGateway implements RecordsGateway {
  constructor(private readonly session: KafkaSession) {}

  openProducer(options: ProducerOptions): Promise<RecordProducer> {
    return SessionProducer.open(this.session, options)
  }

  openConsumer(options: ConsumerOptions): Promise<RecordConsumer> {
    return SessionConsumer.open(this.session, options)
  }
}
