// JVM profiles (async-profiler, JFR conversions) usually carry no file name: the source file is derived from the
// class, as Pyroscope and Sentry do. "com/example/Foo$Inner.lambda$run$0" → com/example/Foo.{java,kt,scala}.

export interface JavaClassLocation {
  /** Slash-separated class path without extension ("com/example/Foo"). */
  classPath: string;
  /** Candidate source files, most likely first. */
  candidates: string[];
  /** The JDK itself (java.*, javax.*, jdk.*, sun.*, com.sun.*). */
  isJdk: boolean;
}

const jvmFrame = /^([a-zA-Z_$][\w$]*[./])+[A-Za-z_$][\w$]*\.[\w$<>-]+(\(.*\).*)?$/;

/** Recognises "pkg/Class.method", "pkg.Class.method(Ljava/lang/String;)V"; undefined for other names. */
export function javaClassOf(functionName: string): JavaClassLocation | undefined {
  const name = functionName.trim().replace(/\(.*$/, '');
  if (!jvmFrame.test(name) || name.includes('::')) return undefined;
  const lastDot = name.lastIndexOf('.');
  const owner = name.slice(0, lastDot).replace(/\./g, '/');
  const segments = owner.split('/');
  // Outer class: inner ($Inner), lambda and synthetic suffixes all live in the outer class's file.
  const outer = segments[segments.length - 1].split('$')[0];
  if (outer === '') return undefined;
  const dir = segments.slice(0, -1);
  const classPath = [...dir, outer].join('/');
  const candidates = [`${classPath}.java`, `${classPath}.kt`, `${classPath}.scala`];
  // Kotlin top-level functions live in a "FooKt" facade class compiled from Foo.kt.
  if (outer.endsWith('Kt') && outer.length > 2) candidates.unshift([...dir, `${outer.slice(0, -2)}.kt`].join('/'));
  const isJdk = /^(java|javax|jdk|sun)\//.test(classPath) || /^com\/sun\//.test(classPath);
  return { classPath, candidates, isJdk };
}
