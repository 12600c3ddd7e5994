// biome-ignore lint/suspicious/noExplicitAny: kafkajs internals are untyped JavaScript
declare const modules: Record<string, any>
export = modules
