/**
 * The drop_frames / keep_frames pprof gives legacy profiles (addLegacyFrameInfo): allocator frames for heap
 * profiles, lock internals for contention profiles, the CPU profiler's signal handler otherwise. They apply once
 * frames have names (after symbolization); go tool pprof applies them on loading, as PerfLens does (pruneFrames).
 */
import type { LegacyProfile } from './model';

const ALLOC = [
  'calloc', 'cfree', 'malloc', 'free', 'memalign', 'do_memalign', '(__)?posix_memalign', 'pvalloc', 'valloc', 'realloc',
  'tcmalloc::.*', 'tc_calloc', 'tc_cfree', 'tc_malloc', 'tc_free', 'tc_memalign', 'tc_posix_memalign', 'tc_pvalloc',
  'tc_valloc', 'tc_realloc', 'tc_new', 'tc_delete', 'tc_newarray', 'tc_deletearray', 'tc_new_nothrow', 'tc_newarray_nothrow',
  'malloc_zone_malloc', 'malloc_zone_calloc', 'malloc_zone_valloc', 'malloc_zone_realloc', 'malloc_zone_memalign',
  'malloc_zone_free', 'runtime\\..*', 'BaseArena::.*', '(::)?do_malloc_no_errno', '(::)?do_malloc_pages', '(::)?do_malloc',
  'DoSampledAllocation', 'MallocedMemBlock::MallocedMemBlock', '_M_allocate', '__builtin_(vec_)?delete',
  '__builtin_(vec_)?new', '__gnu_cxx::new_allocator::allocate', '__libc_malloc', '__malloc_alloc_template::allocate',
  'allocate', 'cpp_alloc', 'operator new(\\[\\])?', 'simple_alloc::allocate',
].join('|');
const ALLOC_SKIP = ['runtime\\.panic', 'runtime\\.reflectcall', 'runtime\\.call[0-9]*'].join('|');
const CPU_PROFILER = ['ProfileData::Add', 'ProfileData::prof_handler', 'CpuProfiler::prof_handler', '__pthread_sighandler', '__restore'].join('|');
const LOCK = [
  'RecordLockProfileData', '(base::)?RecordLockProfileData.*', '(base::)?SubmitMutexProfileData.*',
  '(base::)?SubmitSpinLockProfileData.*', '(base::Mutex::)?AwaitCommon.*', '(base::Mutex::)?Unlock.*',
  '(base::Mutex::)?UnlockSlow.*', '(base::Mutex::)?ReaderUnlock.*', '(base::MutexLock::)?~MutexLock.*',
  '(Mutex::)?AwaitCommon.*', '(Mutex::)?Unlock.*', '(Mutex::)?UnlockSlow.*', '(Mutex::)?ReaderUnlock.*',
  '(MutexLock::)?~MutexLock.*', '(SpinLock::)?Unlock.*', '(SpinLock::)?SlowUnlock.*', '(SpinLockHolder::)?~SpinLockHolder.*',
].join('|');

const HEAPZ_TYPES = [['allocations', 'size'], ['objects', 'space'], ['inuse_objects', 'inuse_space'], ['alloc_objects', 'alloc_space'], ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space']];

export function addLegacyFrameInfo(p: LegacyProfile): void {
  const types = p.sampleTypes.map((t) => t.type).join(',');
  if (HEAPZ_TYPES.some((t) => t.join(',') === types)) {
    p.dropFrames = ALLOC;
    p.keepFrames = ALLOC_SKIP;
  } else if (types === 'contentions,delay') {
    p.dropFrames = LOCK;
    p.keepFrames = '';
  } else {
    p.dropFrames = CPU_PROFILER;
    p.keepFrames = '';
  }
}
