// biome-ignore lint/suspicious/noExplicitAny: untyped JavaScript codecs
declare const modules: Record<string, any>
export = modules
