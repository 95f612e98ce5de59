// SPDX-License-Identifier: GPL-3.0
/*
    Copyright 2021 0KIMS association.

    This file is generated with [snarkJS](https://github.com/iden3/snarkjs).

    snarkJS is a free software: you can redistribute it and/or modify it
    under the terms of the GNU General Public License as published by
    the Free Software Foundation, either version 3 of the License, or
    (at your option) any later version.

    snarkJS is distributed in the hope that it will be useful, but WITHOUT
    ANY WARRANTY; without even the implied warranty of MERCHANTABILITY
    or FITNESS FOR A PARTICULAR PURPOSE. See the GNU General Public
    License for more details.

    You should have received a copy of the GNU General Public License
    along with snarkJS. If not, see <https://www.gnu.org/licenses/>.
*/

pragma solidity >=0.7.0 <0.9.0;

contract ReceiptBatch8Verifier {
    // Scalar field size
    uint256 constant r    = 21888242871839275222246405745257275088548364400416034343698204186575808495617;
    // Base field size
    uint256 constant q   = 21888242871839275222246405745257275088696311157297823662689037894645226208583;

    // Verification Key data
    uint256 constant alphax  = 1571449633450049924416811401835334505457386566071800591102618651525607140197;
    uint256 constant alphay  = 16356112206227128169808999808839001630554389422236511450637872197983666083985;
    uint256 constant betax1  = 14730432883888084420691794478482455811002204356294029852433188492128662995027;
    uint256 constant betax2  = 18540616599217604440619652692814994229093292299097117608051993908850916740338;
    uint256 constant betay1  = 12945413194560043810744657610652606474333179259027029998491633904814577090948;
    uint256 constant betay2  = 11080749119518756750200685013032836178664342470268160659772450304870735007814;
    uint256 constant gammax1 = 11559732032986387107991004021392285783925812861821192530917403151452391805634;
    uint256 constant gammax2 = 10857046999023057135944570762232829481370756359578518086990519993285655852781;
    uint256 constant gammay1 = 4082367875863433681332203403145435568316851327593401208105741076214120093531;
    uint256 constant gammay2 = 8495653923123431417604973247489272438418190587263600148770280649306958101930;
    uint256 constant deltax1 = 20293272176315459567846235791676654008201400202090944855310804442218623327460;
    uint256 constant deltax2 = 15450159440790555101804331339256256472412736516728283465163559561795196063449;
    uint256 constant deltay1 = 10343656469410966395799555759212536521789955171670689404862693077389966275760;
    uint256 constant deltay2 = 6816966864787063544174373685352747800571149118041040281984890402443646377176;

    
    uint256 constant IC0x = 14139901004778139462582403374560162144533375605165905417771663800460243103375;
    uint256 constant IC0y = 4334451048102066699924640494407543484444631470149508534099658009178524549920;
    
    uint256 constant IC1x = 1592275378406145546916396337117127461846135274658465336762334980369294264655;
    uint256 constant IC1y = 13735382666640092640716559987147548298279536148507957302679500579416643013375;
    
    uint256 constant IC2x = 8736915028880824001507734010436235697673207637836123358610180044242267223010;
    uint256 constant IC2y = 17952448250000031844952175224188413146023399166456060818795020498440986811289;
    
    uint256 constant IC3x = 4050361813967308365328654492620526137717995313518142324045339873763019524232;
    uint256 constant IC3y = 16613472442368099777929266073883398149530100408985375555460070811542856409343;
    
    uint256 constant IC4x = 9744619034603575621076289014086255264469255567714255825628719813873902731609;
    uint256 constant IC4y = 13417961177729622157525663278068833350107934381446788049005891846495625381232;
    
    uint256 constant IC5x = 4063431767112159059807481951300835319859725451878367609650105093312163370606;
    uint256 constant IC5y = 11709892017172606552930120007017413236959636848227671825863415884858181158907;
    
    uint256 constant IC6x = 6204350275444269948844795725795535849294293909740749644100209986707222799722;
    uint256 constant IC6y = 1234600426210953956160613836780788451310535865812440857336997943220391124780;
    
    uint256 constant IC7x = 15758294791070701004117936175274403808243158471584631019610753854781406640141;
    uint256 constant IC7y = 935859826671855951095666683605389208113731932807510923084103626649463524674;
    
    uint256 constant IC8x = 15838127572315274245986887376806126640436491279891029011300064547831102131728;
    uint256 constant IC8y = 17215015134291660773634536418050290364355354334221613247407951580241188157173;
    
    uint256 constant IC9x = 3646400822446611972568120671073916503524087530786424927011483844462023819865;
    uint256 constant IC9y = 18891069059701266173127158851348678099931567919380497954001586248494017214219;
    
    uint256 constant IC10x = 13690121929817270733497350694375178668082034898029134116456165547865733567170;
    uint256 constant IC10y = 13683413065084169073847923611090729757597677767003092797150613006622057977624;
    
    uint256 constant IC11x = 20002180395701228086362690702092852723528817257070381475287917734613323466041;
    uint256 constant IC11y = 11614547401951449265348109904412015526442419028356238335645583463356966445059;
    
    uint256 constant IC12x = 10375117466365660860575023078030874357420239667089949157737651330628662859098;
    uint256 constant IC12y = 13761603694242266195258652119840690222438183014316700863453238678689210762520;
    
    uint256 constant IC13x = 9775200085730987769179948910823109442272163898616262094777819366256651920788;
    uint256 constant IC13y = 4219152251240392519551659303344887444177502200709834802378834721340925326963;
    
    uint256 constant IC14x = 9867792286435304288621045695755971116206539149370377038528805063307582031173;
    uint256 constant IC14y = 2398190583461822473412744132142255934751014776088104807616644253087457517654;
    
    uint256 constant IC15x = 12634912759839702208687953007075914071796384140280474710615104401489647644313;
    uint256 constant IC15y = 12271873280006118668380939160479192940873414006936017660321476251591799888302;
    
    uint256 constant IC16x = 20990941629636337916008750316517257277126742201494947743286307183426035454766;
    uint256 constant IC16y = 6595555290353641489770011611506990510633079992243190082319242882042569277297;
    
    uint256 constant IC17x = 12118907147599043534619861333264677366269232143618235703969684520484807994211;
    uint256 constant IC17y = 1747523424375313304058572644468087598816691143583100433588736663917784351017;
    
    uint256 constant IC18x = 3887007514691473756366403698151254732820283176061859152521227586477150141463;
    uint256 constant IC18y = 20966619677644667114313373229184297435928080868831700632386099307012945498894;
    
 
    // Memory data
    uint16 constant pVk = 0;
    uint16 constant pPairing = 128;

    uint16 constant pLastMem = 896;

    function verifyProof(uint[2] calldata _pA, uint[2][2] calldata _pB, uint[2] calldata _pC, uint[18] calldata _pubSignals) public view returns (bool) {
        assembly {
            function checkField(v) {
                if iszero(lt(v, r)) {
                    mstore(0, 0)
                    return(0, 0x20)
                }
            }
            
            // G1 function to multiply a G1 value(x,y) to value in an address
            function g1_mulAccC(pR, x, y, s) {
                let success
                let mIn := mload(0x40)
                mstore(mIn, x)
                mstore(add(mIn, 32), y)
                mstore(add(mIn, 64), s)

                success := staticcall(sub(gas(), 2000), 7, mIn, 96, mIn, 64)

                if iszero(success) {
                    mstore(0, 0)
                    return(0, 0x20)
                }

                mstore(add(mIn, 64), mload(pR))
                mstore(add(mIn, 96), mload(add(pR, 32)))

                success := staticcall(sub(gas(), 2000), 6, mIn, 128, pR, 64)

                if iszero(success) {
                    mstore(0, 0)
                    return(0, 0x20)
                }
            }

            function checkPairing(pA, pB, pC, pubSignals, pMem) -> isOk {
                let _pPairing := add(pMem, pPairing)
                let _pVk := add(pMem, pVk)

                mstore(_pVk, IC0x)
                mstore(add(_pVk, 32), IC0y)

                // Compute the linear combination vk_x
                
                g1_mulAccC(_pVk, IC1x, IC1y, calldataload(add(pubSignals, 0)))
                
                g1_mulAccC(_pVk, IC2x, IC2y, calldataload(add(pubSignals, 32)))
                
                g1_mulAccC(_pVk, IC3x, IC3y, calldataload(add(pubSignals, 64)))
                
                g1_mulAccC(_pVk, IC4x, IC4y, calldataload(add(pubSignals, 96)))
                
                g1_mulAccC(_pVk, IC5x, IC5y, calldataload(add(pubSignals, 128)))
                
                g1_mulAccC(_pVk, IC6x, IC6y, calldataload(add(pubSignals, 160)))
                
                g1_mulAccC(_pVk, IC7x, IC7y, calldataload(add(pubSignals, 192)))
                
                g1_mulAccC(_pVk, IC8x, IC8y, calldataload(add(pubSignals, 224)))
                
                g1_mulAccC(_pVk, IC9x, IC9y, calldataload(add(pubSignals, 256)))
                
                g1_mulAccC(_pVk, IC10x, IC10y, calldataload(add(pubSignals, 288)))
                
                g1_mulAccC(_pVk, IC11x, IC11y, calldataload(add(pubSignals, 320)))
                
                g1_mulAccC(_pVk, IC12x, IC12y, calldataload(add(pubSignals, 352)))
                
                g1_mulAccC(_pVk, IC13x, IC13y, calldataload(add(pubSignals, 384)))
                
                g1_mulAccC(_pVk, IC14x, IC14y, calldataload(add(pubSignals, 416)))
                
                g1_mulAccC(_pVk, IC15x, IC15y, calldataload(add(pubSignals, 448)))
                
                g1_mulAccC(_pVk, IC16x, IC16y, calldataload(add(pubSignals, 480)))
                
                g1_mulAccC(_pVk, IC17x, IC17y, calldataload(add(pubSignals, 512)))
                
                g1_mulAccC(_pVk, IC18x, IC18y, calldataload(add(pubSignals, 544)))
                

                // -A
                mstore(_pPairing, calldataload(pA))
                mstore(add(_pPairing, 32), mod(sub(q, calldataload(add(pA, 32))), q))

                // B
                mstore(add(_pPairing, 64), calldataload(pB))
                mstore(add(_pPairing, 96), calldataload(add(pB, 32)))
                mstore(add(_pPairing, 128), calldataload(add(pB, 64)))
                mstore(add(_pPairing, 160), calldataload(add(pB, 96)))

                // alpha1
                mstore(add(_pPairing, 192), alphax)
                mstore(add(_pPairing, 224), alphay)

                // beta2
                mstore(add(_pPairing, 256), betax1)
                mstore(add(_pPairing, 288), betax2)
                mstore(add(_pPairing, 320), betay1)
                mstore(add(_pPairing, 352), betay2)

                // vk_x
                mstore(add(_pPairing, 384), mload(add(pMem, pVk)))
                mstore(add(_pPairing, 416), mload(add(pMem, add(pVk, 32))))


                // gamma2
                mstore(add(_pPairing, 448), gammax1)
                mstore(add(_pPairing, 480), gammax2)
                mstore(add(_pPairing, 512), gammay1)
                mstore(add(_pPairing, 544), gammay2)

                // C
                mstore(add(_pPairing, 576), calldataload(pC))
                mstore(add(_pPairing, 608), calldataload(add(pC, 32)))

                // delta2
                mstore(add(_pPairing, 640), deltax1)
                mstore(add(_pPairing, 672), deltax2)
                mstore(add(_pPairing, 704), deltay1)
                mstore(add(_pPairing, 736), deltay2)


                let success := staticcall(sub(gas(), 2000), 8, _pPairing, 768, _pPairing, 0x20)

                isOk := and(success, mload(_pPairing))
            }

            let pMem := mload(0x40)
            mstore(0x40, add(pMem, pLastMem))

            // Validate that all evaluations ∈ F
            
            checkField(calldataload(add(_pubSignals, 0)))
            
            checkField(calldataload(add(_pubSignals, 32)))
            
            checkField(calldataload(add(_pubSignals, 64)))
            
            checkField(calldataload(add(_pubSignals, 96)))
            
            checkField(calldataload(add(_pubSignals, 128)))
            
            checkField(calldataload(add(_pubSignals, 160)))
            
            checkField(calldataload(add(_pubSignals, 192)))
            
            checkField(calldataload(add(_pubSignals, 224)))
            
            checkField(calldataload(add(_pubSignals, 256)))
            
            checkField(calldataload(add(_pubSignals, 288)))
            
            checkField(calldataload(add(_pubSignals, 320)))
            
            checkField(calldataload(add(_pubSignals, 352)))
            
            checkField(calldataload(add(_pubSignals, 384)))
            
            checkField(calldataload(add(_pubSignals, 416)))
            
            checkField(calldataload(add(_pubSignals, 448)))
            
            checkField(calldataload(add(_pubSignals, 480)))
            
            checkField(calldataload(add(_pubSignals, 512)))
            
            checkField(calldataload(add(_pubSignals, 544)))
            

            // Validate all evaluations
            let isValid := checkPairing(_pA, _pB, _pC, _pubSignals, pMem)

            mstore(0, isValid)
             return(0, 0x20)
         }
     }
 }
