//===- ANEPrivate.h - AppleNeuralEngine.framework, class-dump style -*- ObjC++ -*-===//
//
// Declarations only, of the private classes and the selectors the ane
// device calls (docs/ane-device.md; the call table with the type encodings
// measured on macOS is in AneSelectors.h). Nothing here may be messaged by
// class name: that makes a link-time class reference the framework, which
// is dlopen'ed, cannot satisfy. The device reaches every class through
// NSClassFromString and messages the Class it gets, as the bridges do.
//
// The contract stand-in (standin/AneStandIn.mm) implements these same
// declarations on Linux.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_DEVICES_ANE_ANEPRIVATE_H
#define ORION_DEVICES_ANE_ANEPRIVATE_H

#import <Foundation/Foundation.h>
#include <IOSurface/IOSurface.h>

@interface _ANEInMemoryModelDescriptor : NSObject
+ (id)modelWithMILText:(NSData *)milText
               weights:(NSDictionary *)weights
          optionsPlist:(id)optionsPlist;
@end

@interface _ANEInMemoryModel : NSObject
+ (id)inMemoryModelWithDescriptor:(id)descriptor;
- (NSString *)hexStringIdentifier;
- (BOOL)compileWithQoS:(unsigned int)qos
               options:(NSDictionary *)options
                 error:(NSError **)error;
- (BOOL)loadWithQoS:(unsigned int)qos
            options:(NSDictionary *)options
              error:(NSError **)error;
- (BOOL)evaluateWithQoS:(unsigned int)qos
                options:(NSDictionary *)options
                request:(id)request
                  error:(NSError **)error;
- (BOOL)unloadWithQoS:(unsigned int)qos error:(NSError **)error;
@end

@interface _ANERequest : NSObject
+ (id)requestWithInputs:(NSArray *)inputs
           inputIndices:(NSArray *)inputIndices
                outputs:(NSArray *)outputs
          outputIndices:(NSArray *)outputIndices
          weightsBuffer:(id)weightsBuffer
              perfStats:(id)perfStats
         procedureIndex:(NSNumber *)procedureIndex;
@end

@interface _ANEIOSurfaceObject : NSObject
+ (id)objectWithIOSurface:(IOSurfaceRef)surface;
@end

// Present on some systems only; read by `orion doctor` when it exists.
@interface _ANEDeviceInfo : NSObject
+ (BOOL)hasANE;
+ (unsigned int)numANECores;
+ (NSString *)aneArchitectureType;
@end

#endif // ORION_DEVICES_ANE_ANEPRIVATE_H
